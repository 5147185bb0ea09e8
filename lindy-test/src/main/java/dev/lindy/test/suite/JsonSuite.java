package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static dev.lindy.http.Method.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON answers and JSON bodies, from timer callbacks; bad JSON is a 400 that never echoes the body. */
public abstract class JsonSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected JsonSuite() {
    }

    /** A request body read as a typed value. */
    public static final class Order {
        /** The item. */
        public String item;
        /** How many. */
        public int quantity;

        /** Creates an empty order, for the JSON reader to fill. */
        public Order() {
        }
    }

    @Test
    void anyOtherAnswerIsWrittenAsJson() {
        App app = Lindy.app();
        app.async(GET, "/later", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> respond.send(Map.of("day", LocalDate.of(2026, 11, 28), "n", List.of(1, 2))));
        });
        app.get("/now", ctx -> List.of("a", "b"));
        TestHost host = serve(app);
        TestResponse r = elapse(host, host.client().get("/later"), Duration.ofMillis(10));
        assertMediaType("application/json", r.header("Content-Type"));
        assertTrue(r.text().contains("\"day\":\"2026-11-28\"") && r.text().contains("\"n\":[1,2]"), r.text());
        assertEquals("[\"a\",\"b\"]", host.client().get("/now").send().text());
    }

    @Test
    void ctxJsonAnswersWithTheStatusAndHeadersSet() {
        App app = Lindy.app();
        app.async(POST, "/orders", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> {
                ctx.status(201).header("Location", "/orders/7");
                respond.send(ctx.json(Map.of("id", 7)));
            });
        });
        TestHost host = serve(app);
        TestResponse r = elapse(host, host.client().post("/orders"), Duration.ofMillis(10));
        assertEquals(201, r.status());
        assertEquals("/orders/7", r.header("Location"));
        assertEquals("{\"id\":7}", r.text());
    }

    @Test
    void aJsonBodyReadsIntoATypeOrATree() {
        App app = Lindy.app();
        app.async(POST, "/order", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> {
                Order o = ctx.bodyAs(Order.class);
                respond.send(o.quantity + " " + o.item + " " + ctx.bodyJson());
            });
        });
        TestHost host = serve(app);
        TestResponse r = elapse(host, host.client().post("/order").json("{\"item\":\"tea\",\"quantity\":2,\"note\":\"x\"}"),
                Duration.ofMillis(10));
        assertEquals("2 tea {item=tea, quantity=2, note=x}", r.text());
    }

    @Test
    void malformedOrMistypedJsonIs400WithAShortReasonAndNoEcho() {
        App app = Lindy.app();
        app.post("/order", ctx -> ctx.bodyAs(Order.class).item);
        app.get("/ok", ctx -> "still serving");
        TestHost host = serve(app);
        TestResponse malformed = host.client().post("/order").json("{\"item\": \"top-secret-value").send();
        assertEquals(400, malformed.status());
        assertFalse(malformed.text().contains("top-secret-value"), malformed.text());
        assertFalse(malformed.text().contains("at com.") || malformed.text().contains("Exception"), malformed.text());
        TestResponse mistyped = host.client().post("/order").json("{\"item\":\"tea\",\"quantity\":\"lots-of-secret\"}").send();
        assertEquals(400, mistyped.status());
        assertTrue(mistyped.text().contains("quantity"), mistyped.text());
        assertFalse(mistyped.text().contains("lots-of-secret"), mistyped.text());
        assertEquals("still serving", host.client().get("/ok").send().text());
    }

    @Test
    void aJsonBodyMustSayItIsJson() {
        App app = Lindy.app();
        app.post("/order", ctx -> ctx.bodyAs(Order.class).item);
        TestHost host = serve(app);
        TestResponse plain = host.client().post("/order").body("text/plain", "{\"item\":\"tea\"}").send();
        assertEquals(415, plain.status());
        assertTrue(plain.text().contains("application/json"), plain.text());
        assertEquals("tea", host.client().post("/order").json("{\"item\":\"tea\"}").send().text());
    }
}
