package dev.lindy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lindy.App;
import dev.lindy.redis.RedisSessionStore;
import dev.lindy.test.LindyExtension;
import dev.lindy.test.RedisServer;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LindyExtension.class)
class SharedTest {
    @Test
    void twoNodesShareTheVisitorsCountAndTheVisitsFeed() throws IOException {
        try (RedisServer redis = RedisServer.start()) {
            App first = Shared.app(redis.uri());
            App second = Shared.app(redis.uri());
            try (TestHost a = TestHost.netty(first); TestHost b = TestHost.netty(second)) {
                StreamingResponse feed = b.client().get("/visits").query("since", "0").stream();
                TestClient visitor = a.client();
                assertEquals("visit 1", visitor.get("/").send().text());
                String cookie = "lindy.session=" + visitor.cookies().get("lindy.session");
                assertEquals("visit 2", b.client().get("/").header("Cookie", cookie).send().text());
                feed.readUntil("data: 2");
            } finally {
                ((RedisSessionStore) first.settings().sessionStore()).close();
                ((RedisSessionStore) second.settings().sessionStore()).close();
            }
        }
    }
}
