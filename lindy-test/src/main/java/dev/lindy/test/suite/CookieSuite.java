package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.http.Cookie;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cookies read and set from a timer callback, signed cookies and their key rotation, and cookie values
 * that could inject a header refused.
 */
public abstract class CookieSuite extends HostedSuite {
    private static final String OLD = "old-secret-old-secret-old-secret-0000";
    private static final String NEW = "new-secret-new-secret-new-secret-1111";

    /** Creates the suite; a subclass names the host it runs on. */
    protected CookieSuite() {
    }

    @Test
    void requestCookiesAreReadTolerantly() {
        App app = Lindy.app();
        app.async(GET, "/c", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> respond.send(ctx.cookie("a") + " " + ctx.cookie("b") + " " + ctx.cookies()));
        });
        TestHost host = serve(app);
        TestResponse r = elapse(host, host.client().get("/c").header("Cookie", "a=1; b=\"two\"; junk; =x; c=3; a=dup"),
                Duration.ofMillis(10));
        assertEquals("1 two {a=1, b=two, c=3}", r.text());
    }

    @Test
    void aCookieSetInACallbackGoesOutWithItsAttributesAndIsReadableAtOnce() {
        App app = Lindy.app();
        app.async(GET, "/set", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> {
                ctx.cookie(Cookie.builder("theme", "dark").maxAge(Duration.ofDays(1)).secure(true).build());
                ctx.cookie(Cookie.of("theme", "light"));
                respond.send("theme " + ctx.cookie("theme"));
            });
        });
        TestHost host = serve(app);
        TestResponse r = elapse(host, host.client().get("/set"), Duration.ofMillis(10));
        assertEquals("theme light", r.text());
        List<String> set = r.headers().all("Set-Cookie");
        assertEquals(List.of("theme=light; Path=/; HttpOnly; SameSite=Lax"), set);
    }

    @Test
    void valuesThatCouldInjectAHeaderAreRefusedNamingTheCookie() {
        App app = Lindy.app();
        app.get("/bad", ctx -> {
            try {
                ctx.cookie(Cookie.of("evil", "x\r\nSet-Cookie: admin=1"));
                return "accepted";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        TestResponse r = serve(app).client().get("/bad").send();
        assertTrue(r.text().contains("'evil'"), r.text());
        assertTrue(r.headers().all("Set-Cookie").isEmpty());
    }

    @Test
    void aSignedCookieReadsBackAndATamperedOneReadsAsAbsent() {
        App app = Lindy.app(Settings.builder().secrets(List.of(NEW)).build());
        app.async(GET, "/sign", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> {
                ctx.signedCookie(Cookie.of("user", "ann"));
                respond.send("signed");
            });
        });
        app.get("/who", ctx -> "user " + ctx.signedCookie("user"));
        TestHost host = serve(app);
        TestClient client = host.client();
        elapse(host, client.get("/sign"), Duration.ofMillis(10));
        assertEquals("user ann", client.get("/who").send().text());
        String signed = client.cookies().get("user");
        assertTrue(signed.startsWith("ann."), signed);
        String forged = "admin" + signed.substring(3);
        assertEquals("user null", host.newClient().get("/who").header("Cookie", "user=" + forged).send().text());
        assertEquals("user null", host.newClient().get("/who").header("Cookie", "user=ann").send().text());
        assertEquals("user null", host.newClient().get("/who").header("Cookie", "other=" + signed).send().text());
    }

    @Test
    void rotatedSecretsStillVerifyWhileTheNewestSigns() {
        App before = Lindy.app(Settings.builder().secrets(List.of(OLD)).build());
        before.get("/sign", ctx -> {
            ctx.signedCookie(Cookie.of("user", "ann"));
            return "signed";
        });
        TestHost oldHost = serve(before);
        TestClient client = oldHost.client();
        client.get("/sign").send();
        String signedByOld = client.cookies().get("user");

        App after = Lindy.app(Settings.builder().secrets(List.of(NEW, OLD)).build());
        after.get("/who", ctx -> "user " + ctx.signedCookie("user"));
        after.get("/sign", ctx -> {
            ctx.signedCookie(Cookie.of("user", "bob"));
            return "signed";
        });
        TestHost newHost = serve(after);
        assertEquals("user ann", newHost.newClient().get("/who").header("Cookie", "user=" + signedByOld).send().text());
        TestClient fresh = newHost.newClient();
        fresh.get("/sign").send();

        App forgotten = Lindy.app(Settings.builder().secrets(List.of(NEW)).build());
        forgotten.get("/who", ctx -> "user " + ctx.signedCookie("user"));
        TestHost newest = serve(forgotten);
        assertEquals("user null", newest.newClient().get("/who").header("Cookie", "user=" + signedByOld).send().text());
        assertEquals("user bob", newest.newClient().get("/who").header("Cookie", "user=" + fresh.cookies().get("user")).send().text());
    }

    @Test
    void aCookieRemovedInTheRequestReadsAsAbsent() {
        App app = Lindy.app();
        app.get("/logout", ctx -> {
            ctx.cookie(Cookie.removal("theme"));
            return "theme " + ctx.cookie("theme");
        });
        TestResponse r = serve(app).client().get("/logout").header("Cookie", "theme=dark").send();
        assertEquals("theme null", r.text());
        assertTrue(r.header("Set-Cookie").contains("Max-Age=0"), r.header("Set-Cookie"));
        assertNull(r.headers().get("X-Nothing"));
    }
}
