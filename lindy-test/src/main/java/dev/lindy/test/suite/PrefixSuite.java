package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.test.TestHost;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** prefix: routes and hooks declared under a path prefix, nested and restored. */
public abstract class PrefixSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected PrefixSuite() {
    }

    @Test
    void prefixesNestAndRestore() {
        App app = Lindy.app();
        app.prefix("/admin", admin -> {
            admin.before(ctx -> ctx.header("X-Area", "admin"));
            admin.get("/", ctx -> "admin home");
            admin.prefix("/users", users -> users.async(GET, "/:id", ctx -> {
                Responder respond = ctx.respond();
                ctx.after(Duration.ofMillis(10), () -> respond.send("user " + ctx.param("id")));
            }));
            admin.get("/stats", ctx -> "stats");
        });
        app.get("/stats", ctx -> "public stats");
        TestHost host = serve(app);
        assertEquals("admin home", host.client().get("/admin").send().text());
        assertEquals("admin home", host.client().get("/admin/").send().text());
        assertEquals("user 7", elapse(host, host.client().get("/admin/users/7"), Duration.ofMillis(10)).text());
        assertEquals("stats", host.client().get("/admin/stats").send().text());
        assertEquals("admin", host.client().get("/admin/stats").send().header("X-Area"));
        assertEquals("public stats", host.client().get("/stats").send().text());
        assertEquals(null, host.client().get("/stats").send().header("X-Area"));
    }

    @Test
    void aHookUnderAPrefixGuardsEveryPathItsRoutesAnswer() {
        App app = Lindy.app();
        app.prefix("/admin", admin -> {
            admin.before(ctx -> ctx.halt(403, "denied"));
            admin.get("/", ctx -> "admin home");
            admin.get("/:page?", ctx -> "page");
        });
        app.prefix("/team", team -> {
            team.before("/", ctx -> ctx.halt(403, "team denied"));
            team.get("/", ctx -> "team home");
        });
        app.get("/adminx", ctx -> "not under the prefix");
        TestHost host = serve(app);
        for (String path : new String[] {"/admin", "/admin/", "/admin/x"}) {
            assertEquals(403, host.client().get(path).send().status(), path);
        }
        assertEquals(403, host.client().get("/team").send().status());
        assertEquals(403, host.client().get("/team/").send().status());
        assertEquals("not under the prefix", host.client().get("/adminx").send().text());
    }

    @Test
    void aPrefixStartsWithASlash() {
        App app = Lindy.app();
        assertThrows(IllegalArgumentException.class, () -> app.prefix("admin", a -> { }));
        assertThrows(IllegalArgumentException.class, () -> app.prefix("/admin/", a -> { }));
    }
}
