package dev.lindy.netty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.http.Response;
import dev.lindy.spi.ExchangeHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The answers given during one read go out encoded one behind the other, in as few buffers as the bounds
 * allow (16 answers, 64 KiB, a body too large to copy on its own), whole and in order.
 */
class AnswerBatchTest {
    // GET /<size>/<index> is answered at once with "<index>:" and that many x.
    private static final ExchangeHandler APP = exchange -> {
        String[] parts = exchange.request().path().split("/");
        exchange.respond(Response.of(200, parts[2] + ":" + "x".repeat(Integer.parseInt(parts[1]))));
    };

    private static String requests(int[] sizes, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append("GET /").append(sizes[i % sizes.length]).append('/').append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        return out.toString();
    }

    // Reads the answers out of the bytes written, strictly: each a 200 whose Content-Length frames its body.
    private static List<String> bodies(String written) {
        List<String> bodies = new ArrayList<>();
        int at = 0;
        while (at < written.length()) {
            int end = written.indexOf("\r\n\r\n", at);
            String head = written.substring(at, end);
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
            int cl = head.indexOf("content-length: ");
            int length = Integer.parseInt(head.substring(cl + 16, head.indexOf("\r\n", cl)));
            bodies.add(written.substring(end + 4, end + 4 + length));
            at = end + 4 + length;
        }
        return bodies;
    }

    private static List<String> served(int[] sizes, int count, List<String> buffers) {
        try (EmbeddedHttp http = new EmbeddedHttp(APP)) {
            http.read(requests(sizes, count));
            buffers.addAll(http.written());
        }
        List<String> bodies = bodies(String.join("", buffers));
        assertEquals(count, bodies.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i + ":" + "x".repeat(sizes[i % sizes.length]), bodies.get(i), "answer " + i);
        }
        return bodies;
    }

    @Test
    void smallAnswersOfOneReadShareABufferSixteenAtATime() {
        List<String> buffers = new ArrayList<>();
        served(new int[] {0, 5, 100}, 40, buffers);
        // 16 in a batch, the 17th written on its own with them; twice, then the last 6.
        assertEquals(5, buffers.size(), "buffers written: " + buffers.size());
    }

    @Test
    void aBodyTooLargeToCopyGoesOnItsOwnRightBehindItsHead() {
        List<String> buffers = new ArrayList<>();
        served(new int[] {0, 5, 8000, 8300, 20000, 100}, 60, buffers);
        for (String b : buffers) {
            assertTrue(b.startsWith("HTTP/1.1 ") || (b.length() > 8192 && !b.contains("HTTP/1.1 ")),
                    "neither answers nor a large body alone: " + b.substring(0, 40));
        }
        // Each cycle of six: four answers in one buffer, a body, one more head, a body.
        assertTrue(buffers.size() <= 45, "buffers written: " + buffers.size());
    }

    @Test
    void aBatchStopsGrowingAt64KiB() {
        List<String> buffers = new ArrayList<>();
        served(new int[] {8000}, 20, buffers);
        assertTrue(buffers.stream().allMatch(b -> b.length() < 64 * 1024 + 9000), "a buffer past the bound");
        assertTrue(buffers.size() >= 3, "buffers written: " + buffers.size());
    }
}
