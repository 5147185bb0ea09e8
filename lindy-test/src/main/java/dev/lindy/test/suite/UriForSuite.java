package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.test.RawConnection;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestRequest;
import dev.lindy.test.TestResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * uriFor: absolute URLs as the client sees them, from a proxy's forwarding headers only when trusted, only
 * from the family it writes, and the nearest proxy's value.
 */
public abstract class UriForSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected UriForSuite() {
    }

    private static App app(List<String> trusted) {
        return app(Settings.builder().trustedProxies(trusted).build());
    }

    private static App app(Settings settings) {
        App app = Lindy.app(settings);
        app.async(GET, "/link", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> respond.send(ctx.uriFor("/search", Map.of("q", "tea & cake"))));
        });
        app.get("/login", ctx -> {
            ctx.session().put("user", "ann");
            return "in";
        });
        return app;
    }

    private static String link(TestHost host, TestRequest request) {
        return elapse(host, request, Duration.ofMillis(10)).text();
    }

    private static TestRequest forwarded(TestRequest r) {
        return r.header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "shop.example.com")
                .header("X-Forwarded-Prefix", "/store");
    }

    @Test
    void aUrlIsBuiltFromTheRequestsHost() {
        TestHost host = serve(app(List.of()));
        String url = elapse(host, host.client().get("/link"), Duration.ofMillis(10)).text();
        assertTrue(url.matches("http://127\\.0\\.0\\.1(:\\d+)?/search\\?q=tea\\+%26\\+cake"), url);
    }

    @Test
    void forwardedHeadersCountOnlyFromATrustedProxy() {
        TestHost untrusted = serve(app(List.of()));
        String ignored = elapse(untrusted, forwarded(untrusted.client().get("/link")), Duration.ofMillis(10)).text();
        assertTrue(ignored.startsWith("http://127.0.0.1"), ignored);
        TestHost trusted = serve(app(List.of("127.0.0.0/8")));
        assertEquals("https://shop.example.com/store/search?q=tea+%26+cake",
                elapse(trusted, forwarded(trusted.client().get("/link")), Duration.ofMillis(10)).text());
    }

    @Test
    void onlyTheHeaderFamilyTheProxiesWriteIsRead() {
        TestHost nginx = serve(app(List.of("127.0.0.1")));
        assertEquals("http://good.com/search?q=tea+%26+cake", link(nginx, nginx.client().get("/link")
                .header("X-Forwarded-Host", "good.com").header("Forwarded", "host=evil.com;proto=https")));
        TestHost standard = serve(app(Settings.builder().trustedProxies(List.of("127.0.0.1"))
                .forwardedHeaders("forwarded").build()));
        assertEquals("https://b.example/search?q=tea+%26+cake", link(standard, forwarded(standard.client().get("/link"))
                .header("Forwarded", "for=10.1.2.3;proto=https;host=b.example")));
        String ignored = link(standard, forwarded(standard.client().get("/link")));
        assertTrue(ignored.startsWith("http://127.0.0.1"), ignored);
    }

    @Test
    void theNearestProxysValueCountsAcrossHeaderLines() {
        TestHost host = serve(app(List.of("127.0.0.1")));
        assertEquals("https://good.com/search?q=tea+%26+cake", link(host, host.client().get("/link")
                .header("X-Forwarded-Host", "evil.com").header("X-Forwarded-Host", "good.com")
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Proto", "https")));
        TestHost standard = serve(app(Settings.builder().trustedProxies(List.of("127.0.0.1"))
                .forwardedHeaders("forwarded").build()));
        assertEquals("http://good.com/search?q=tea+%26+cake", link(standard, standard.client().get("/link")
                .header("Forwarded", "host=evil.com;proto=https").header("Forwarded", "for=10.1.2.3;host=good.com")));
    }

    @Test
    void aClientsForwardedHeaderCannotTakeTheSessionCookiesSecureFlag() {
        TestHost host = serve(app(List.of("127.0.0.1")));
        TestResponse r = host.client().get("/login").header("X-Forwarded-Proto", "https")
                .header("Forwarded", "for=1.2.3.4").send();
        assertEquals("in", r.text());
        assertTrue(r.header("Set-Cookie").contains("; Secure"), r.header("Set-Cookie"));
        assertTrue(link(host, host.client().get("/link").header("X-Forwarded-Proto", "https")
                .header("Forwarded", "for=1.2.3.4")).startsWith("https://"));
    }

    @Test
    void aPrefixThatIsNotAPlainPathIsIgnored() {
        TestHost host = serve(app(List.of("127.0.0.1")));
        TestResponse r = host.client().get("/login").header("X-Forwarded-Prefix", "/shop;Domain=evil.com").send();
        assertEquals(200, r.status());
        assertTrue(r.header("Set-Cookie").contains("; Path=/;") || r.header("Set-Cookie").endsWith("; Path=/"),
                r.header("Set-Cookie"));
        String plain = link(host, host.client().get("/link"));
        for (String prefix : new String[] {"/shop;x", "/a,b", "/a/../admin", "/a%0d%0a", "shop"}) {
            assertEquals(plain, link(host, host.client().get("/link").header("X-Forwarded-Prefix", prefix)), prefix);
        }
        TestResponse shop = host.newClient().get("/login").header("X-Forwarded-Prefix", "/shop/").send();
        assertTrue(shop.header("Set-Cookie").contains("; Path=/shop"), shop.header("Set-Cookie"));
    }

    @Test
    void aMalformedHostStillGivesAnAbsoluteUrlOnTheAddressTheRequestArrivedOn() throws IOException {
        App app = Lindy.app();
        app.get("/u", ctx -> ctx.uriFor("/search"));
        TestHost host = serve(app);
        for (String bad : new String[] {"bad host", "a.com, b.com", "user@evil.com"}) {
            int status;
            String url;
            if (host.hasVirtualClock()) {
                TestResponse r = host.client().get("/u").header("Host", bad).send();
                status = r.status();
                url = r.text();
            } else {
                try (RawConnection c = RawConnection.to(host)) {
                    RawConnection.Response r =
                            c.send("GET /u HTTP/1.1\r\nHost: " + bad + "\r\nConnection: close\r\n\r\n").read();
                    status = r.status();
                    url = r.body();
                }
            }
            // Servlet containers refuse such a Host before the app sees it; otherwise the URL stays absolute.
            if (status != 400) {
                assertEquals(200, status, bad);
                assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/search"), bad + " gave " + url);
            }
        }
    }

    @Test
    void aForgedHostFromATrustedProxyIsStillRefused() {
        TestHost trusted = serve(app(List.of("127.0.0.1")));
        String url = elapse(trusted, trusted.client().get("/link").header("X-Forwarded-Host", "evil.com/x?y"),
                Duration.ofMillis(10)).text();
        assertTrue(url.startsWith("http://127.0.0.1"), url);
    }
}
