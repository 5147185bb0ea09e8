package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Settings;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The access log: one line per ended exchange, in each format, escaped, never blocking. */
class AccessLogTest {
    private static final Settings SETTINGS = Settings.builder().build();

    private static Request request(String userAgent) {
        return Request.builder().method(Method.POST).target("/notes?x=1")
                .headers(Headers.of("User-Agent", userAgent, "Referer", "http://a/"))
                .remoteAddress(new InetSocketAddress("10.1.2.3", 5555)).build();
    }

    /** Collects lines; close waits for the queued ones. */
    private static final class Lines {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final AccessLog log;

        Lines(String format) {
            log = new AccessLog(format, lines::add, 100);
        }

        List<String> close() {
            log.close();
            return lines;
        }
    }

    @Test
    void commonAndCombinedLinesCarryTheRouteAndTheDuration() {
        Lines common = new Lines("common");
        common.log.record(request("curl"), "POST /notes", 0, 12_000_000, 201, 34);
        String line = common.close().get(0);
        assertTrue(line.matches("10\\.1\\.2\\.3 - - \\[01/Jan/1970:00:00:00 \\+0000] \"POST /notes\\?x=1 HTTP/1\\.1\" 201 34"
                + " \"POST /notes\" 12"), line);
        Lines combined = new Lines("combined");
        combined.log.record(request("a \"quoted\" agent\twith a tab"), "POST /notes", 0, 0, 499, 0);
        String c = combined.close().get(0);
        assertTrue(c.contains("\" 499 - \"http://a/\" \"a \\\"quoted\\\" agent\\x09with a tab\" \"POST /notes\" 0"), c);
    }

    @Test
    void jsonLinesAreObjects() {
        Lines json = new Lines("json");
        json.log.record(request("x\u2028y"), "POST /notes", 1000, 3_000_000, 200, 5);
        String line = json.close().get(0);
        assertEquals("{\"time\":\"1970-01-01T00:00:01Z\",\"remote\":\"10.1.2.3\",\"method\":\"POST\",\"target\":\"/notes?x=1\","
                + "\"version\":\"HTTP/1.1\",\"status\":200,\"bytes\":5,\"ms\":3,\"route\":\"POST /notes\","
                + "\"referer\":\"http://a/\",\"agent\":\"x\\u2028y\"}", line);
    }

    @Test
    void aRequestRefusedBeforeTheAppSawItIsLoggedWithoutARoute() {
        InetSocketAddress client = new InetSocketAddress("10.1.2.3", 5555);
        Lines common = new Lines("combined");
        common.log.refused(client, "POST /upload HTTP/1.1", 413, 60);
        common.log.refused(null, null, 400, 0);
        List<String> lines = common.close();
        assertTrue(lines.get(0).matches("10\\.1\\.2\\.3 - - \\[[^]]+] \"POST /upload HTTP/1\\.1\" 413 60 \"-\" \"-\" \"-\" 0"),
                lines.get(0));
        assertTrue(lines.get(1).matches("- - - \\[[^]]+] \"-\" 400 - \"-\" \"-\" \"-\" 0"), lines.get(1));
        Lines json = new Lines("json");
        json.log.refused(client, "GET /x HTTP/1.1", 431, 7);
        json.log.refused(client, "\u0001garbage", 400, 7);
        List<String> objects = json.close();
        assertTrue(objects.get(0).endsWith("\"remote\":\"10.1.2.3\",\"method\":\"GET\",\"target\":\"/x\",\"version\":\"HTTP/1.1\","
                + "\"status\":431,\"bytes\":7,\"ms\":0,\"route\":null,\"referer\":null,\"agent\":null}"), objects.get(0));
        assertTrue(objects.get(1).contains("\"method\":null,\"target\":null,\"version\":null,\"status\":400"), objects.get(1));
    }

    @Test
    void aFullQueueDropsLinesAndSaysSoInsteadOfWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> lines = new CopyOnWriteArrayList<>();
        AccessLog log = new AccessLog("common", line -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.add(line);
        }, 2);
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            log.record(request("r" + i), "POST /notes", 0, 0, 200, 1);
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "recording never waits for the writer");
        release.countDown();
        log.close();
        assertTrue(lines.size() < 50, "lines were dropped: " + lines.size());
    }

    @Test
    void eachWayAnExchangeEndsIsLoggedOnce() {
        Lines log = new Lines("common");
        FakeExchange answered = new FakeExchange();
        Lifecycle a = new TestLifecycle(answered, SETTINGS, log.log, (lc, status, message) -> false);
        assertTrue(a.claim());
        a.deliver(Response.of(201, "made"));
        a.closed();
        FakeExchange streamed = new FakeExchange();
        Lifecycle s = new TestLifecycle(streamed, SETTINGS, log.log, (lc, status, message) -> false);
        s.claimStream();
        StreamFlow flow = s.openStream(200, Headers.empty(), Duration.ofHours(1));
        assertTrue(flow.reserve(5));
        flow.write("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        streamed.writes.forEach(w -> w.complete(null));
        s.streamClosed();
        FakeExchange left = new FakeExchange();
        Lifecycle l = new TestLifecycle(left, SETTINGS, log.log, (lc, status, message) -> false);
        l.closed();
        l.closed();
        List<String> lines = log.close();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\" 201 4 \""), lines.get(0));
        assertTrue(lines.get(1).contains("\" 200 5 \""), lines.get(1));
        assertTrue(lines.get(2).contains("\" 499 - \""), lines.get(2));
        answered.shutdown();
        streamed.shutdown();
        left.shutdown();
    }
}
