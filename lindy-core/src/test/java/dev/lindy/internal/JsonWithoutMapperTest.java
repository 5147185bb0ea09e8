package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a JSON mapper on the class path, using JSON says which artifact to add. */
class JsonWithoutMapperTest {
    @Test
    void answeringJsonWithoutAMapperNamesTheArtifactToAdd() throws Exception {
        App app = Lindy.app(Settings.builder().development(true).build());
        app.get("/fake", ctx -> Map.of("a", 1));
        FakeExchange exchange = new FakeExchange();
        try {
            app.handler().handle(exchange);
            for (int i = 0; i < 100 && exchange.responds.get() == 0; i++) {
                Thread.sleep(50);
            }
            assertEquals(500, exchange.response.status());
            String page = new String(exchange.response.body(), StandardCharsets.UTF_8);
            assertTrue(page.contains("dev.lindy:lindy-jackson"), page);
        } finally {
            app.stop();
            exchange.shutdown();
        }
    }
}
