package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static dev.lindy.http.Method.POST;
import static dev.lindy.http.Method.PUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Context;
import dev.lindy.ContextPlugin;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.cors.Cors;
import dev.lindy.csrf.Csrf;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Plugins: routes and hooks of their own, a per-request extension, and the CORS and CSRF plugins. */
public abstract class PluginSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected PluginSuite() {
    }

    /** A plugin with a route, a hook and an extension, as a user would write one. */
    public static final class Greeter implements ContextPlugin<Greeter.Greeting> {
        /** Creates the plugin. */
        public Greeter() {
        }

        @Override
        public void register(App app) {
            app.get("/greeter/ping", ctx -> "pong");
            app.after((ctx, response) -> response.newBuilder().header("X-Greeter", "on").build());
        }

        @Override
        public Greeting extension(Context ctx) {
            return new Greeting(ctx);
        }

        /** The per-request extension. */
        public static final class Greeting {
            private final Context ctx;

            Greeting(Context ctx) {
                this.ctx = ctx;
            }

            /**
             * Greets the request's visitor.
             *
             * @return a greeting
             */
            public String hello() {
                return "hello " + ctx.param("name");
            }
        }
    }

    @Test
    void aPluginAddsRoutesHooksAndAnExtensionReachedFromATimer() {
        App app = Lindy.app();
        app.register(new Greeter());
        app.async(GET, "/hi", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> respond.send(ctx.with(Greeter.class).hello()));
        });
        TestHost host = serve(app);
        TestResponse r = elapse(host, host.client().get("/hi?name=ann"), Duration.ofMillis(10));
        assertEquals("hello ann", r.text());
        assertEquals("on", r.header("X-Greeter"));
        assertEquals("pong", host.client().get("/greeter/ping").send().text());
    }

    @Test
    void corsAnswersPreflightsAndMarksResponsesForAllowedOriginsOnly() {
        App app = Lindy.app();
        app.register(Cors.builder().allowOrigins("https://app.example.com").allowMethods(GET, POST, PUT)
                .allowHeaders("Content-Type").allowCredentials(true).build());
        app.put("/items/:id", ctx -> "put " + ctx.param("id"));
        TestHost host = serve(app);
        TestResponse preflight = host.client().options("/items/3").header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "PUT").header("Access-Control-Request-Headers", "content-type").send();
        assertEquals(204, preflight.status());
        assertEquals("https://app.example.com", preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.header("Access-Control-Allow-Methods").contains("PUT"));
        assertEquals("true", preflight.header("Access-Control-Allow-Credentials"));
        TestResponse put = host.client().put("/items/3").header("Origin", "https://app.example.com").send();
        assertEquals("put 3", put.text());
        assertEquals("https://app.example.com", put.header("Access-Control-Allow-Origin"));
        TestResponse foreign = host.client().options("/items/3").header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "PUT").send();
        assertEquals(403, foreign.status());
        assertNull(foreign.header("Access-Control-Allow-Origin"));
        assertNull(host.client().put("/items/3").header("Origin", "https://evil.example").send()
                .header("Access-Control-Allow-Origin"));
    }

    @Test
    void aRefusedPreflightAnswersInPlainTextNeverEchoingHtml() {
        App app = Lindy.app();
        app.register(Cors.builder().allowOrigins("https://app.example.com").build());
        app.get("/items", ctx -> "items");
        TestHost host = serve(app);
        String origin = "https://<script>alert(1)</script>.example";
        TestResponse refused = host.client().options("/items").header("Origin", origin)
                .header("Access-Control-Request-Method", "GET").send();
        assertEquals(403, refused.status());
        assertMediaType("text/plain; charset=utf-8", refused.header("Content-Type"));
        assertEquals("CORS preflight refused: the origin " + origin + " is not allowed", refused.text());
    }

    @Test
    void csrfRefusesAFormWithoutTheSessionsTokenAndAcceptsOneWithIt() {
        App app = Lindy.app();
        app.register(Csrf.create());
        app.get("/form", ctx -> ctx.with(Csrf.class).field());
        app.async(POST, "/post", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> respond.send("posted " + ctx.param("text")));
        });
        TestHost host = serve(app);
        TestClient client = host.client();
        String field = client.get("/form").send().text();
        String token = field.replaceAll(".*value=\"([^\"]+)\".*", "$1");
        assertEquals(403, client.post("/post").form("text", "hi").send().status());
        assertEquals(403, client.post("/post").form("text", "hi", "_csrf", "forged").send().status());
        assertEquals(403, host.newClient().post("/post").form("text", "hi", "_csrf", token).send().status(),
                "a token from another session was accepted");
        assertEquals("posted hi", elapse(host, client.post("/post").form("text", "hi", "_csrf", token), Duration.ofMillis(10)).text());
        assertEquals("posted yo", elapse(host, client.post("/post").header("X-CSRF-Token", token).form("text", "yo"),
                Duration.ofMillis(10)).text());
    }

    @Test
    void csrfTakesTheTokenFromTheHeaderOrAFormFieldNeverFromTheQuery() {
        App app = Lindy.app();
        app.register(Csrf.create());
        app.get("/form", ctx -> ctx.with(Csrf.class).token());
        app.post("/post", ctx -> "posted " + ctx.param("text"));
        TestHost host = serve(app);
        TestClient client = host.client();
        String token = client.get("/form").send().text();
        assertEquals(403, client.post("/post?_csrf=" + token).form("text", "hi").send().status(),
                "a token in the URL leaks through logs and Referer");
        assertEquals(403, client.post("/post").query("_csrf", token).send().status());
        assertEquals(403, client.post("/post").json("{\"_csrf\": \"" + token + "\", \"text\": \"hi\"}").send().status(),
                "only a form body carries the field");
        assertEquals("posted hi", client.post("/post").form("text", "hi", "_csrf", token).send().text());
        assertEquals("posted null", client.post("/post").header("X-CSRF-Token", token).send().text());
    }

    @Test
    void csrfExemptsWholePathSegmentsOnly() {
        App app = Lindy.app();
        app.register(Csrf.exempting("/hooks", "/api/"));
        app.post("/hooks", ctx -> "hook");
        app.post("/hooks/github", ctx -> "github");
        app.post("/hooksadmin/delete", ctx -> "deleted");
        app.post("/api", ctx -> "api");
        app.post("/api/notes", ctx -> "note");
        app.post("/apix", ctx -> "apix");
        TestHost host = serve(app);
        TestClient client = host.client();
        assertEquals("hook", client.post("/hooks").send().text());
        assertEquals("github", client.post("/hooks/github").send().text());
        assertEquals(403, client.post("/hooksadmin/delete").send().status());
        assertEquals("api", client.post("/api").send().text());
        assertEquals("note", client.post("/api/notes").send().text());
        assertEquals(403, client.post("/apix").send().status());
    }
}
