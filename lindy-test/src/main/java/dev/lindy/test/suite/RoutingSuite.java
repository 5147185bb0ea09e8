package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.http.Method;
import dev.lindy.http.Response;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Routing: patterns, methods, 404/405, HEAD, precedence, and pass. */
public abstract class RoutingSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected RoutingSuite() {
    }

    private TestClient client(App app) {
        return serve(app).client();
    }

    @Test
    void plainGetAnswersWithTextBody() {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello");
        TestResponse r = client(app).get("/hello").send();
        assertEquals(200, r.status());
        assertEquals("hello", r.text());
        assertMediaType("text/html; charset=utf-8", r.header("Content-Type"));
        assertEquals("5", r.header("Content-Length"));
    }

    @Test
    void getAlsoAnswersHeadWithSameHeadersAndNoBody() {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello");
        TestResponse r = client(app).head("/hello").send();
        assertEquals(200, r.status());
        assertEquals("5", r.header("Content-Length"));
        assertEquals("", r.text());
    }

    @Test
    void namedParametersAreCaptured() {
        App app = Lindy.app();
        app.get("/user/:id/post/:post", ctx -> ctx.param("id") + "," + ctx.param("post"));
        assertEquals("42,7", client(app).get("/user/42/post/7").send().text());
    }

    @Test
    void optionalParameterMatchesWithAndWithoutItsSegment() {
        App app = Lindy.app();
        app.get("/hello/:name?", ctx -> "hi " + ctx.param("name"));
        TestClient c = client(app);
        assertEquals("hi bob", c.get("/hello/bob").send().text());
        assertEquals("hi null", c.get("/hello").send().text());
        assertEquals("hi null", c.get("/hello/").send().text());
        assertEquals(404, c.get("/hello/bob/x").send().status());
    }

    @Test
    void splatCapturesOneSegmentAndMegasplatTheRest() {
        App app = Lindy.app();
        app.get("/one/*/x", ctx -> String.join("|", ctx.splat()));
        app.get("/mix/*/x/**", ctx -> String.join("|", ctx.splat()));
        TestClient c = client(app);
        assertEquals("a", c.get("/one/a/x").send().text());
        assertEquals(404, c.get("/one/a/b/x").send().status());
        assertEquals("1|a/b/c", c.get("/mix/1/x/a/b/c").send().text());
        assertEquals(404, c.get("/mix/1/x/").send().status());
    }

    @Test
    void tokensInsideOneSegmentAreCaptured() {
        App app = Lindy.app();
        app.get("/files/:name.:ext", ctx -> ctx.param("name") + " / " + ctx.param("ext"));
        assertEquals("a.b / c", client(app).get("/files/a.b.c").send().text());
    }

    @Test
    void regexRoutesCaptureNamedGroupsAsParametersAndOthersAsSplat() {
        App app = Lindy.app();
        app.get(Pattern.compile("/item/(?<id>\\d+)"), ctx -> "item " + ctx.param("id"));
        app.get(Pattern.compile("/range/(\\d+)-(\\d+)"), ctx -> String.join(",", ctx.splat()));
        TestClient c = client(app);
        assertEquals("item 12", c.get("/item/12").send().text());
        assertEquals(404, c.get("/item/x").send().status());
        assertEquals("3,9", c.get("/range/3-9").send().text());
    }

    @Test
    void patternTextIsLiteralNotRegex() {
        App app = Lindy.app();
        app.get("/plus+", ctx -> "plus");
        TestClient c = client(app);
        assertEquals(200, c.get("/plus+").send().status());
        assertEquals(404, c.get("/plusss").send().status());
    }

    @Test
    void pathIsPercentDecodedBeforeMatching() {
        App app = Lindy.app();
        app.get("/say/:word", ctx -> ctx.param("word"));
        assertEquals("a b\u00e9", client(app).get("/say/a%20b%C3%A9").send().text());
    }

    @Test
    void unknownPathIs404() {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello");
        TestResponse r = client(app).get("/nothing").send();
        assertEquals(404, r.status());
        assertTrue(r.text().contains("404 Not Found"), r.text());
    }

    @Test
    void knownPathWithWrongMethodIs405WithAllow() {
        App app = Lindy.app();
        app.get("/thing", ctx -> "got");
        app.put("/thing", ctx -> "put");
        TestResponse r = client(app).post("/thing").send();
        assertEquals(405, r.status());
        assertEquals("GET, HEAD, PUT, OPTIONS", r.header("Allow"));
    }

    @Test
    void optionsWithoutItsOwnRouteListsTheAllowedMethods() {
        App app = Lindy.app();
        app.post("/thing", ctx -> "posted");
        TestResponse r = client(app).options("/thing").send();
        assertEquals(204, r.status());
        assertEquals("POST, OPTIONS", r.header("Allow"));
    }

    @Test
    void everyVerbHasItsWord() {
        App app = Lindy.app();
        app.post("/v", ctx -> "post " + ctx.request().bodyText());
        app.put("/v", ctx -> "put");
        app.patch("/v", ctx -> "patch");
        app.delete("/v", ctx -> "delete");
        app.options("/v", ctx -> "options");
        app.any("/any", ctx -> ctx.request().method().name());
        TestClient c = client(app);
        assertEquals("post a=1", c.post("/v").form("a", "1").send().text());
        assertEquals("put", c.put("/v").send().text());
        assertEquals("patch", c.patch("/v").send().text());
        assertEquals("delete", c.delete("/v").send().text());
        assertEquals("options", c.options("/v").send().text());
        for (String m : new String[] {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
            assertEquals(m, c.request(m, "/any").send().text());
        }
    }

    @Test
    void routeParameterWinsOverQueryParameter() {
        App app = Lindy.app();
        app.get("/p/:a", ctx -> ctx.param("a") + " " + ctx.params().get("a") + " " + ctx.param("b")
                + " " + ctx.request().queryParam("a"));
        assertEquals("route route q query", client(app).get("/p/route?a=query&b=q").send().text());
    }

    @Test
    void queryParametersAreDecodedAndRepeatsKept() {
        App app = Lindy.app();
        app.get("/q", ctx -> ctx.param("name") + "|" + String.join(",", ctx.paramValues("tag")));
        assertEquals("ann lee|x,y&z", client(app).get("/q?name=ann+lee&tag=x&tag=y%26z").send().text());
    }

    @Test
    void firstMatchingRouteWins() {
        App app = Lindy.app();
        app.get("/a/:x", ctx -> "param");
        app.get("/a/b", ctx -> "literal");
        assertEquals("param", client(app).get("/a/b").send().text());
    }

    @Test
    void passTransfersControlToNextMatchingRouteWithoutLeakingParams() {
        App app = Lindy.app();
        app.get("/say/:word", ctx -> ctx.param("word").matches("\\d+") ? ctx.pass() : "word");
        app.get("/say/:number", ctx -> "number " + ctx.param("number") + " word=" + ctx.param("word"));
        TestClient c = client(app);
        assertEquals("word", c.get("/say/hi").send().text());
        assertEquals("number 12 word=null", c.get("/say/12").send().text());
    }

    @Test
    void passWithNoFurtherRouteIs404() {
        App app = Lindy.app();
        app.get("/only", ctx -> ctx.pass());
        assertEquals(404, client(app).get("/only").send().status());
    }

    @Test
    void asyncRouteRegisteredForGetAlsoAnswersHead() {
        App app = Lindy.app();
        app.async(GET, "/a", ctx -> ctx.respond().send("async"));
        TestResponse r = client(app).head("/a").send();
        assertEquals(200, r.status());
        assertEquals("5", r.header("Content-Length"));
    }

    @Test
    void asyncRouteForSeveralMethods() {
        App app = Lindy.app();
        app.async(List.of(Method.POST, Method.PUT), "/m", ctx -> ctx.respond().send(ctx.request().method().name()));
        TestClient c = client(app);
        assertEquals("POST", c.post("/m").send().text());
        assertEquals("PUT", c.put("/m").send().text());
        assertEquals(405, c.get("/m").send().status());
    }

    @Test
    void handlerMayReturnBytesOrAResponse() {
        App app = Lindy.app();
        app.get("/bytes", ctx -> new byte[] {1, 2, 3});
        app.get("/response", ctx -> Response.of(201, "made"));
        TestClient c = client(app);
        TestResponse bytes = c.get("/bytes").send();
        assertMediaType("application/octet-stream", bytes.header("Content-Type"));
        assertEquals(3, bytes.bytes().length);
        TestResponse made = c.get("/response").send();
        assertEquals(201, made.status());
        assertEquals("made", made.text());
        assertNull(made.header("Location"));
    }
}
