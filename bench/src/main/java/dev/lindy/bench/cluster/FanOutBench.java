package dev.lindy.bench.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * The fan-out bench's subscribers and publisher, in a process apart from the nodes: event-stream
 * subscribers on each node, and one publisher that publishes through the first node. Prints the delivery
 * time from publish to receipt (p50, p99, max) and the messages lost. Publish and receipt times are
 * {@code System.nanoTime()} of two processes: on Linux, one clock (the system's monotonic clock).
 *
 * <pre>
 * java -cp lindy-bench.jar dev.lindy.bench.cluster.FanOutBench NAME PORT[,PORT] SUBSCRIBERS_PER_NODE MESSAGES INTERVAL_MS
 * </pre>
 */
public final class FanOutBench {
    private FanOutBench() {
    }

    /**
     * Runs the bench against running nodes.
     *
     * @param args a name for the line, the nodes' ports, subscribers per node, messages, milliseconds between
     *     messages
     * @throws Exception if a node does not answer
     */
    public static void main(String[] args) throws Exception {
        String name = args[0];
        String[] ports = args[1].split(",");
        int perNode = Integer.parseInt(args[2]);
        int messages = Integer.parseInt(args[3]);
        long interval = Long.parseLong(args[4]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI publish = URI.create("http://127.0.0.1:" + ports[0] + "/publish?seq=");
        try (SseSubscribers subscribers = new SseSubscribers(perNode * ports.length, messages)) {
            for (String port : ports) {
                subscribers.open(Integer.parseInt(port), perNode, "/events");
            }
            // Message 0 warms up: measuring starts once every subscriber receives live.
            long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!subscribers.allHave(0)) {
                post(http, publish, 0);
                Thread.sleep(250);
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("the subscribers were not all live within 120 s");
                }
            }
            long before = subscribers.received();
            for (int m = 1; m <= messages; m++) {
                post(http, publish, m);
                Thread.sleep(interval);
            }
            long expected = (long) messages * subscribers.subscribers();
            long drain = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (subscribers.received() - before < expected && System.nanoTime() < drain) {
                Thread.sleep(50);
            }
            long[] l = subscribers.latencies();
            System.out.println(String.format(Locale.ROOT, "%-26s %6d subscribers %5d messages  p50 %8.2f ms"
                    + "  p99 %8.2f ms  max %8.2f ms  lost %d", name, subscribers.subscribers(), messages,
                    at(l, 0.50), at(l, 0.99), at(l, 1.0), expected - l.length));
        }
    }

    private static void post(HttpClient http, URI publish, int seq) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(publish + Integer.toString(seq)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("publishing answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static double at(long[] sortedMicros, double q) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sortedMicros.length - 1, Math.ceil(q * sortedMicros.length) - 1);
        return sortedMicros[Math.max(0, i)] / 1000.0;
    }
}
