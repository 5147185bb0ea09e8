package dev.lindy.netty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.http.Response;
import dev.lindy.spi.ExchangeHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A header line folded onto the one before is refused however the head's bytes are split between reads, and
 * nothing else is taken for a fold: spaces and tabs inside a value, an empty value, line breaks before a
 * request line, the bodies of the requests before.
 */
class HeaderFoldTest {
    private static final ExchangeHandler APP =
            exchange -> exchange.respond(Response.of(200, "got " + exchange.request().header("X-Spaced")));

    private static final List<String> FOLDED = List.of(
            "GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n\tb\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n",
            "\r\n\r\nGET / HTTP/1.1\r\n c\r\nHost: x\r\n\r\n");
    private static final String PLAIN = "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nX-Spaced: a \t b\r\nX-Empty:\r\n\r\n";

    private static String answers(List<String> reads) {
        try (EmbeddedHttp http = new EmbeddedHttp(APP)) {
            reads.forEach(http::read);
            return String.join("", http.written());
        }
    }

    @Test
    void aFoldIsRefusedWhereverTheHeadIsSplit() {
        for (String head : FOLDED) {
            for (int split = 1; split < head.length(); split++) {
                String answers = answers(List.of(head.substring(0, split), head.substring(split)));
                assertTrue(answers.startsWith("HTTP/1.1 400 "), "split at " + split + " of " + head + ": " + answers);
            }
            String byteByByte = answers(head.chars().mapToObj(c -> String.valueOf((char) c)).toList());
            assertTrue(byteByByte.startsWith("HTTP/1.1 400 "), head + " byte by byte: " + byteByByte);
        }
    }

    @Test
    void aHeadWithoutAFoldIsServedWhereverItIsSplit() {
        for (int split = 1; split < PLAIN.length(); split++) {
            String answers = answers(List.of(PLAIN.substring(0, split), PLAIN.substring(split)));
            assertTrue(answers.startsWith("HTTP/1.1 200 "), "split at " + split + ": " + answers);
            assertTrue(answers.endsWith("got a \t b"), "split at " + split + ": " + answers);
        }
        String byteByByte = answers(PLAIN.chars().mapToObj(c -> String.valueOf((char) c)).toList());
        assertTrue(byteByByte.endsWith("got a \t b"), byteByByte);
    }

    @Test
    void aFoldAfterRequestsWithBodiesIsRefusedOnceTheyAreAnswered() {
        String lengthBody = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n \r\n\t";
        String chunkedBody = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n \r\n\r\n0\r\n\r\n";
        for (String read : List.of(lengthBody + chunkedBody + FOLDED.get(0), lengthBody + chunkedBody + PLAIN)) {
            String answers = answers(List.of(read));
            assertEquals(read.endsWith(PLAIN) ? 3 : 2, answers.split("HTTP/1.1 200 ", -1).length - 1, answers);
            assertEquals(read.endsWith(PLAIN), answers.endsWith("got a \t b"), answers);
            assertEquals(!read.endsWith(PLAIN), answers.contains("HTTP/1.1 400 "), answers);
        }
    }

    @Test
    void aRefusalComesAfterTheAnswersBatchedBeforeIt() {
        try (EmbeddedHttp http = new EmbeddedHttp(APP)) {
            http.read(PLAIN + PLAIN + FOLDED.get(0) + PLAIN);
            String answers = String.join("", http.written());
            int refusal = answers.indexOf("HTTP/1.1 400 ");
            assertTrue(refusal > 0, answers);
            assertEquals(2, answers.substring(0, refusal).split("got a \t b", -1).length - 1, answers);
            assertFalse(answers.substring(refusal).contains("HTTP/1.1 200 "), "nothing after a refusal: " + answers);
        }
    }
}
