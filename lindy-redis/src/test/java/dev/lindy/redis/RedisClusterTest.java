package dev.lindy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.test.LindyExtension;
import dev.lindy.test.RedisCluster;
import dev.lindy.test.RedisServer;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of one app on a real Redis Cluster of three masters, configured by {@code redis.cluster: true}:
 * sessions and topics spread over the masters, and each node sees what the other does, before and after
 * the whole cluster restarts.
 */
@ExtendWith(LindyExtension.class)
class RedisClusterTest {
    private static final int ROOMS = 12;

    @TempDir
    Path appDir;

    private RedisCluster cluster;
    private ChatNodes nodes;
    private TestHost a;
    private TestHost b;

    @BeforeEach
    void start() throws IOException {
        cluster = RedisCluster.start(3);
        nodes = ChatNodes.start(appDir, "uri: " + cluster.uri(), "cluster: true", "prefix: \"cluster:\"");
        a = nodes.a;
        b = nodes.b;
    }

    @AfterEach
    void stop() {
        ChatNodes.close(nodes, cluster::close);
    }

    @Test
    void loginsMadeOnOneNodeAreRecognisedOnTheOtherWhicheverMasterHoldsThem() {
        for (int i = 0; i < 20; i++) {
            TestClient onA = a.newClient();
            assertEquals(200, onA.post("/login").form("name", "user" + i).send().status());
            String cookie = "lindy.session=" + onA.cookies().get("lindy.session");
            assertEquals("user" + i, b.client().get("/me").header("Cookie", cookie).send().text());
        }
        assertTrue(mastersHoldingKeys() > 1, "twenty sessions lie on more than one master");
    }

    @Test
    void messagesOfTopicsOnEveryMasterCrossFromOneNodeToTheOther() throws IOException {
        StreamingResponse[] onB = new StreamingResponse[ROOMS];
        for (int room = 0; room < ROOMS; room++) {
            onB[room] = b.client().get("/events/room" + room).query("since", "0").stream();
            assertEquals(200, onB[room].status());
        }
        for (int room = 0; room < ROOMS; room++) {
            assertEquals(200, a.client().post("/say/room" + room).form("text", "hello " + room).send().status());
        }
        for (int room = 0; room < ROOMS; room++) {
            assertTrue(onB[room].readUntil("data: \"hello " + room + "\"").contains("id: "));
        }
        assertTrue(mastersHoldingKeys() > 1, "the rooms' streams lie on more than one master");
    }

    @Test
    void aClusterRestartedMidStreamIsFollowedAndDeliveryResumes() throws IOException {
        StreamingResponse[] onB = new StreamingResponse[ROOMS];
        for (int room = 0; room < ROOMS; room++) {
            onB[room] = b.client().get("/events/room" + room).query("since", "0").stream();
            assertEquals(200, onB[room].status());
        }
        cluster.nodes().forEach(RedisServer::stop);
        assertEquals(503, a.client().post("/say/room0").form("text", "lost").send().status(),
                "the publisher is told its message went nowhere");
        cluster.nodes().forEach(RedisServer::startAgain);
        cluster.awaitReady();
        for (int room = 0; room < ROOMS; room++) {
            String path = "/say/room" + room;
            String text = "after " + room;
            ChatNodes.eventually(() -> a.client().post(path).form("text", text).send().status() == 200);
        }
        for (int room = 0; room < ROOMS; room++) {
            String seen = onB[room].readUntil("data: \"after " + room + "\"");
            assertTrue(!seen.contains("lost"), seen);
        }
        TestClient onA = a.newClient();
        ChatNodes.eventually(() -> onA.post("/login").form("name", "ada").send().status() == 200);
        String cookie = "lindy.session=" + onA.cookies().get("lindy.session");
        assertEquals("ada", b.client().get("/me").header("Cookie", cookie).send().text());
    }

    private int mastersHoldingKeys() {
        return (int) cluster.nodes().stream().filter(node -> dbSize(node) > 0).count();
    }

    private static long dbSize(RedisServer node) {
        try {
            return Long.parseLong(node.command("DBSIZE"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
