package dev.lindy.test;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/** Subscriptions that come and go leave nothing behind, however their requests end. */
@org.junit.jupiter.api.extension.ExtendWith(LindyExtension.class)
class HubLeakTest {
    private static final int CYCLES = 100_000;

    @Test
    void aHundredThousandSubscribersThatLeaveLeaveNothingBehind() {
        App app = Lindy.app();
        app.async(GET, "/wait/:topic", ctx -> {
            Responder respond = ctx.respond();
            ctx.subscribe(ctx.param("topic"), message -> respond.send(message.data()));
        });
        app.async(GET, "/poll/:topic", ctx -> ctx.subscribe(ctx.param("topic")).since(ctx.param("since")).poll());
        try (TestHost host = TestHost.inProcess(app)) {
            TestClient client = host.client();
            cycles(app, client, 10_000);
            long before = usedHeap();
            cycles(app, client, CYCLES);
            long grown = usedHeap() - before;
            for (int t = 0; t < 10; t++) {
                assertEquals(0, app.hub().subscribers("t" + t), "topic t" + t + " kept subscribers");
            }
            // A leak of even a tenth of a request's state per cycle would be tens of megabytes.
            assertTrue(grown < 8L * 1024 * 1024, "the heap grew by " + grown / 1024 + " KiB over " + CYCLES + " cycles");
        }
    }

    // Each client subscribes and leaves: listeners and long polls, some answered by a message first.
    private static void cycles(App app, TestClient client, int n) {
        for (int i = 0; i < n; i++) {
            String topic = "t" + (i % 10);
            PendingResponse pending = client.get((i % 2 == 0 ? "/wait/" : "/poll/") + topic
                    + (i % 4 == 1 ? "?since=0" : "")).sendAsync();
            if (i % 3 == 0) {
                app.hub().publish(topic, i);
                pending.await();
            } else {
                pending.disconnect();
            }
        }
    }

    private static long usedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // The smallest of a few full collections: one may run while a reference is still being cleared.
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
