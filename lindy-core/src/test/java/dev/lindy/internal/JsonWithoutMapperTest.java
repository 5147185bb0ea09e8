package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without a JSON mapper on the class path, using JSON says which artifact to add; a JSON body is harmless. */
class JsonWithoutMapperTest {
    private static Response answer(App app, FakeExchange exchange) throws Exception {
        try {
            app.handler().handle(exchange);
            return exchange.answered.get(10, TimeUnit.SECONDS);
        } finally {
            app.stop();
            exchange.shutdown();
        }
    }

    @Test
    void answeringJsonWithoutAMapperNamesTheArtifactToAdd() throws Exception {
        App app = Lindy.app(Settings.builder().development(true).build());
        app.get("/fake", ctx -> Map.of("a", 1));
        Response r = answer(app, new FakeExchange());
        assertEquals(500, r.status());
        String page = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(page.contains("dev.lindy:lindy-jackson"), page);
    }

    @Test
    void aJsonBodyBringsNoParametersRatherThanA500() throws Exception {
        App app = Lindy.app();
        app.post("/search", ctx -> "q=" + ctx.param("q"));
        Request request = Request.builder().method(Method.POST).target("/search?q=tea")
                .headers(Headers.of("Content-Type", "application/json"))
                .body("{\"q\":\"coffee\"}".getBytes(StandardCharsets.UTF_8)).build();
        Response r = answer(app, new FakeExchange(request));
        assertEquals(200, r.status());
        assertEquals("q=tea", new String(r.body(), StandardCharsets.UTF_8));
    }
}
