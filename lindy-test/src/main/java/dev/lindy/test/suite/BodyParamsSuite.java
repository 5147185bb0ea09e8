package dev.lindy.test.suite;

import static dev.lindy.http.Method.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Body parameters: form fields and a JSON object's fields join the parameters, read from a timer callback;
 * the most specific source wins (route, query, body); a malformed body is a 400.
 */
public abstract class BodyParamsSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected BodyParamsSuite() {
    }

    private static App echo(String param) {
        App app = Lindy.app();
        app.async(POST, "/p/:a", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> respond.send(param.equals("*") ? ctx.params().toString() : ctx.param(param)));
        });
        return app;
    }

    @Test
    void formFieldsJoinTheParametersInACallback() {
        TestHost host = serve(echo("name"));
        TestResponse r = elapse(host, host.client().post("/p/x").form("name", "Ann Lee", "tag", "a"), Duration.ofMillis(10));
        assertEquals("Ann Lee", r.text());
    }

    @Test
    void theMostSpecificSourceWinsAndEachSourceReadsAlone() {
        App app = Lindy.app();
        app.async(POST, "/p/:a", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> respond.send(ctx.param("a") + " " + ctx.param("b") + " " + ctx.param("c")
                    + " | " + ctx.params("route") + ctx.params("query") + ctx.params("body")));
        });
        TestHost host = serve(app);
        TestResponse r = elapse(host, host.client().post("/p/route?a=query&b=query").form("a", "body", "b", "body", "c", "body")
                , Duration.ofMillis(10));
        assertEquals("route query body | {a=route}{a=query, b=query}{a=body, b=body, c=body}", r.text());
    }

    @Test
    void repeatedFormFieldsKeepEveryValue() {
        App app = Lindy.app();
        app.post("/tags", ctx -> String.join(",", ctx.paramValues("tag")));
        assertEquals("a,b", serve(app).client().post("/tags").body("application/x-www-form-urlencoded", "tag=a&tag=b").send().text());
    }

    @Test
    void jsonFieldsJoinTheParametersWithRouteAndQueryWinning() {
        TestHost host = serve(echo("*"));
        TestResponse r = elapse(host, host.client().post("/p/route?q=1").json("{\"a\": \"body\", \"n\": 2, \"ok\": true, \"nested\": {\"x\": 1}}"), Duration.ofMillis(10));
        assertEquals("{a=route, n=2, ok=true, q=1}", r.text());
    }

    @Test
    void aMalformedBodyIs400WithAShortReason() {
        TestHost host = serve(echo("a2"));
        TestResponse form = elapse(host, host.client().post("/p/x").body("application/x-www-form-urlencoded", "a2=%zz"), Duration.ofMillis(10));
        assertEquals(400, form.status());
        assertTrue(form.text().contains("form body is malformed"), form.text());
        TestResponse json = elapse(host, host.client().post("/p/x").json("{\"a2\": \"secret-value"), Duration.ofMillis(10));
        assertEquals(400, json.status());
        assertTrue(json.text().contains("JSON body is malformed"), json.text());
        assertTrue(!json.text().contains("secret-value"), "the error echoed the body: " + json.text());
    }
}
