package dev.lindy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.test.LindyExtension;
import dev.lindy.test.RedisServer;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of one app, each on its own real server, configured by a config.yml that puts their sessions and
 * hub in one real redis-server: what one node does, the other sees.
 */
@ExtendWith(LindyExtension.class)
class RedisTwoNodesTest {
    private static final Pattern LAST_ID = Pattern.compile("id: (\\d+)\\ndata: \"one\"");

    @TempDir
    Path appDir;

    private RedisServer redis;
    private ChatNodes nodes;
    private TestHost a;
    private TestHost b;

    @BeforeEach
    void start() throws IOException {
        redis = RedisServer.start();
        nodes = ChatNodes.start(appDir, "uri: " + redis.uri(), "prefix: \"two-nodes:\"");
        a = nodes.a;
        b = nodes.b;
    }

    @AfterEach
    void stop() {
        ChatNodes.close(nodes, redis::close);
    }

    @Test
    void aLoginOnOneNodeIsRecognisedOnTheOther() {
        TestClient onA = a.client();
        assertEquals(200, onA.post("/login").form("name", "ada").send().status());
        String cookie = "lindy.session=" + onA.cookies().get("lindy.session");
        assertEquals("ada", b.client().get("/me").header("Cookie", cookie).send().text());
    }

    @Test
    void aMessagePostedOnOneNodeReachesAStreamOnTheOtherWithinASecond() throws IOException {
        StreamingResponse onB = b.client().get("/events").query("since", "0").stream();
        assertEquals(200, onB.status());
        long start = System.nanoTime();
        assertEquals(200, a.client().post("/say").form("text", "hello").send().status());
        assertTrue(onB.readUntil("data: \"hello\"").contains("id: "));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < 1000, "arrived after " + millis + " ms");
    }

    @Test
    void aClientWhoseNodeStopsCatchesUpOnTheOtherWithItsLastEventId() throws IOException {
        StreamingResponse onA = a.client().get("/events").query("since", "0").stream();
        b.client().post("/say").form("text", "one").send();
        Matcher seen = LAST_ID.matcher(onA.readUntil("data: \"one\""));
        assertTrue(seen.find());
        a.close();
        b.client().post("/say").form("text", "two").send();
        b.client().post("/say").form("text", "three").send();
        StreamingResponse onB = b.client().get("/events").header("Last-Event-ID", seen.group(1)).stream();
        String caughtUp = onB.readUntil("data: \"three\"");
        assertTrue(caughtUp.indexOf("data: \"two\"") < caughtUp.indexOf("data: \"three\""), caughtUp);
        assertTrue(!caughtUp.contains("data: \"one\""), caughtUp);
    }

    @Test
    void whileRedisIsAwayStreamsStayOpenPublishesFailReachTheirOwnNodeAndDeliveryResumes() throws IOException {
        StreamingResponse onA = a.client().get("/events").query("since", "0").stream();
        StreamingResponse onB = b.client().get("/events").query("since", "0").stream();
        redis.kill();
        TestResponse refused = a.client().post("/say").form("text", "lost").send();
        assertEquals(503, refused.status(), "the publisher is told its message did not reach every node");
        // Once node A knows Redis is down, its own streams still get what is said there, and the publisher is
        // told so.
        ChatNodes.eventually(() -> a.client().post("/say").form("text", "here").send().text().contains("this node's subscribers only"));
        onA.readUntil("event: local\ndata: \"here\"\n\n");
        redis.startAgain();
        ChatNodes.eventually(() -> a.client().post("/say").form("text", "back").send().status() == 200);
        String after = onB.readUntil("data: \"back\"");
        assertTrue(!after.contains("lost") && !after.contains("here"), after);
        // The retries made before the node was back reached its own stream as local messages; then a numbered one.
        String backOnA = onA.readUntil("data: \"back\"");
        while (!backOnA.contains("id: ")) {
            assertTrue(backOnA.contains("event: local"), backOnA);
            backOnA = onA.readUntil("data: \"back\"");
        }
    }
}
