package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** uriFor: absolute URLs as the client sees them, from a proxy's forwarded headers only when trusted. */
public abstract class UriForSuite extends HostedSuite {

    private static App app(List<String> trusted) {
        App app = Lindy.app(Settings.builder().trustedProxies(trusted).build());
        app.async(GET, "/link", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> respond.send(ctx.uriFor("/search", Map.of("q", "tea & cake"))));
        });
        return app;
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
        assertEquals("https://b.example/search?q=tea+%26+cake",
                elapse(trusted, trusted.client().get("/link").header("Forwarded", "proto=https;host=b.example"),
                        Duration.ofMillis(10)).text());
    }

    @Test
    void aForgedHostFromATrustedProxyIsStillRefused() {
        TestHost trusted = serve(app(List.of("127.0.0.1")));
        String url = elapse(trusted, trusted.client().get("/link").header("X-Forwarded-Host", "evil.com/x?y"),
                Duration.ofMillis(10)).text();
        assertTrue(url.startsWith("http://127.0.0.1"), url);
    }
}
