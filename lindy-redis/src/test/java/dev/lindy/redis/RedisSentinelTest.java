package dev.lindy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.test.LindyExtension;
import dev.lindy.test.RedisSentinel;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of one app on a real Redis watched by Sentinel ({@code redis-sentinel://...#lindy}): sessions
 * and messages cross between them, and go on crossing after the master dies and the Sentinel promotes its
 * replica, with no restart of the nodes.
 */
@ExtendWith(LindyExtension.class)
class RedisSentinelTest {
    @TempDir
    Path appDir;

    private RedisSentinel redis;
    private ChatNodes nodes;
    private TestHost a;
    private TestHost b;

    @BeforeEach
    void start() throws IOException {
        redis = RedisSentinel.start();
        nodes = ChatNodes.start(appDir, "uri: \"" + redis.uri() + "\"", "prefix: \"sentinel:\"");
        a = nodes.a;
        b = nodes.b;
    }

    @AfterEach
    void stop() {
        ChatNodes.close(nodes, redis::close);
    }

    @Test
    void aLoginAndAMessageCrossBetweenNodesThroughTheSentinelsMaster() throws IOException {
        StreamingResponse onB = b.client().get("/events").query("since", "0").stream();
        assertEquals(200, onB.status());
        TestClient onA = a.newClient();
        assertEquals(200, onA.post("/login").form("name", "ada").send().status());
        assertEquals("ada", b.client().get("/me").header("Cookie", "lindy.session=" + onA.cookies().get("lindy.session"))
                .send().text());
        assertEquals(200, a.client().post("/say").form("text", "hello").send().status());
        assertTrue(onB.readUntil("data: \"hello\"").contains("id: "));
    }

    @Test
    void afterAFailoverTheNodesFollowTheNewMasterWithoutARestart() throws IOException {
        StreamingResponse onB = b.client().get("/events").query("since", "0").stream();
        assertEquals(200, a.client().post("/say").form("text", "before").send().status());
        onB.readUntil("data: \"before\"");
        redis.master().kill();
        redis.awaitMaster(redis.replica());
        ChatNodes.eventually(() -> a.client().post("/say").form("text", "after").send().status() == 200);
        onB.readUntil("data: \"after\"");
        TestClient onA = a.newClient();
        ChatNodes.eventually(() -> onA.post("/login").form("name", "bo").send().status() == 200);
        // Each node's store finds the new master on its own; until then a session load is a 503 to retry.
        String cookie = "lindy.session=" + onA.cookies().get("lindy.session");
        ChatNodes.eventually(() -> b.client().get("/me").header("Cookie", cookie).send().status() == 200);
        assertEquals("bo", b.client().get("/me").header("Cookie", cookie).send().text());
    }
}
