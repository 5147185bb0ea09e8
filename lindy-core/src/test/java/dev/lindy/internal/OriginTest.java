package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Settings;
import dev.lindy.http.Cookie;
import dev.lindy.http.Headers;
import dev.lindy.http.Request;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request's origin behind proxies: only a trusted proxy's headers, only the family it writes, the
 * nearest proxy's value, and only values that are one host or one plain path.
 */
class OriginTest {
    private static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);
    private static final TrustedProxies NONE = TrustedProxies.of(List.of(), TrustedProxies.X_FORWARDED);

    private static Origin origin(String family, String... namesAndValues) {
        Settings s = Settings.builder().trustedProxies(List.of("127.0.0.1")).forwardedHeaders(family).build();
        Request r = Request.builder().target("/x").headers(Headers.of(namesAndValues)).remoteAddress(PROXY)
                .localAddress(LOCAL).build();
        return Origin.of(r, TrustedProxies.of(s.trustedProxies(), s.forwardedHeaders()));
    }

    private static Origin behindNginx(String... namesAndValues) {
        return origin("x-forwarded", namesAndValues);
    }

    @Test
    void onlyTheFamilyTheProxiesWriteIsRead() {
        Origin o = behindNginx("Host", "app.internal", "X-Forwarded-Host", "good.com",
                "Forwarded", "host=evil.com;proto=https");
        assertEquals("http://good.com/p", o.url("/p"));
        o = behindNginx("Host", "app.internal", "X-Forwarded-Proto", "https", "Forwarded", "for=1.2.3.4;proto=http");
        assertEquals("https://app.internal/p", o.url("/p"));
        assertTrue(o.isSecure());
        o = origin("forwarded", "Host", "app.internal", "Forwarded", "for=1.2.3.4;host=good.com;proto=https",
                "X-Forwarded-Host", "evil.com", "X-Forwarded-Proto", "http", "X-Forwarded-Prefix", "/evil");
        assertEquals("https://good.com/p", o.url("/p"));
        assertEquals("", o.basePath());
    }

    @Test
    void theNearestProxysValueCountsAcrossEveryLine() {
        Origin o = behindNginx("Host", "app.internal", "X-Forwarded-Host", "evil.com", "X-Forwarded-Host", "good.com",
                "X-Forwarded-Proto", "http", "X-Forwarded-Proto", "ftp, https", "X-Forwarded-Prefix", "/evil",
                "X-Forwarded-Prefix", "/shop");
        assertEquals("https://good.com/shop/p", o.url("/p"));
        o = behindNginx("Host", "app.internal", "X-Forwarded-Host", "evil.com, good.com");
        assertEquals("good.com", o.host());
        o = behindNginx("Host", "app.internal", "X-Forwarded-Host", "evil.com", "X-Forwarded-Host", "");
        assertEquals("app.internal", o.host(), "an empty value from the nearest proxy is no value, not the one before");
    }

    @Test
    void everyForwardedParameterComesFromTheLastElement() {
        Origin o = origin("forwarded", "Host", "app.internal", "Forwarded", "host=evil.com;proto=https",
                "Forwarded", "for=10.0.0.1, for=\"[2001:db8::1]:4711\";host=good.com");
        assertEquals("http://good.com/p", o.url("/p"), "the proto of an earlier element never joins the last one's");
        o = origin("forwarded", "Host", "app.internal",
                "Forwarded", "host=\"evil.com\", proto=https;host=\"good.com:8443\"");
        assertEquals("https://good.com:8443/p", o.url("/p"));
        o = origin("forwarded", "Host", "app.internal",
                "Forwarded", "host=\"evil.com, for=10.0.0.1;host=good.com;proto=https");
        assertEquals("https://good.com/p", o.url("/p"), "a client's open quote does not swallow the proxy's element");
        o = origin("forwarded", "Host", "app.internal",
                "Forwarded", "host=evil.com;proto=https, host=good.com;proto=\"https");
        assertEquals("http://app.internal/p", o.url("/p"), "a malformed last element gives nothing");
    }

    @Test
    void forwardedElementsParseStrictly() {
        assertEquals(Map.of("for", "192.0.2.60", "proto", "http", "by", "203.0.113.43"),
                Origin.nearestForwarded(List.of("for=192.0.2.60;proto=http;by=203.0.113.43")));
        assertEquals(Map.of("host", "a\"b"), Origin.nearestForwarded(List.of("Host=\"a\\\"b\"")));
        assertEquals(Map.of("for", "_hidden"), Origin.nearestForwarded(List.of("for=_hidden;")));
        assertEquals(Map.of(), Origin.nearestForwarded(List.of("host=a;host=b")), "a parameter twice");
        assertEquals(Map.of(), Origin.nearestForwarded(List.of("host=\"a\"b")));
        assertEquals(Map.of(), Origin.nearestForwarded(List.of("host=\"a")));
        assertEquals(Map.of(), Origin.nearestForwarded(List.of("host")));
        assertEquals(Map.of(), Origin.nearestForwarded(List.of("h st=a")));
        assertEquals(Map.of(), Origin.nearestForwarded(List.of("host=a b")));
        assertEquals(Map.of(), Origin.nearestForwarded(List.of()));
    }

    @Test
    void headersFromAnUntrustedPeerAreIgnored() {
        Request r = Request.builder().target("/x").headers(Headers.of("Host", "app.internal", "X-Forwarded-Host",
                "evil.com", "X-Forwarded-Proto", "https")).remoteAddress(new InetSocketAddress("10.0.0.9", 1)).build();
        Settings s = Settings.builder().trustedProxies(List.of("127.0.0.1")).build();
        assertEquals("http://app.internal/p", Origin.of(r, TrustedProxies.of(s.trustedProxies(), s.forwardedHeaders())).url("/p"));
        assertEquals("https://evil.com/p", Origin.of(r, TrustedProxies.of(List.of("10.0.0.0/8"), TrustedProxies.X_FORWARDED))
                .url("/p"), "the same headers from a trusted peer are believed");
    }

    @Test
    void aPrefixIsAPlainPathOrIgnored() {
        assertEquals("/store", Origin.prefix("/store"));
        assertEquals("/store/eu", Origin.prefix("/store/eu/"));
        String everyPathCharacter = "/a%20b/caf%C3%A9/~u/x-y_z.1/(v2)!$&'*+=:@";
        assertEquals(everyPathCharacter, Origin.prefix(everyPathCharacter));
        for (String bad : new String[] {"/a;b", "/a,b", "/a?b", "/a#b", "/a b", "/a\tb", "/a\nb", "/a\u0000b", "a/b",
                "/", "//a", "/a//b", "/./a", "/a/..", "/a/%2e%2E", "/a/%2e", "/a%0d%0ab", "/a%7F", "/a%zz", "/a%2",
                "/caf\u00e9", "", "/a\\b", "/a\"b", "/a<b>"}) {
            assertNull(Origin.prefix(bad), bad);
        }
        assertNull(Origin.prefix(null));
    }

    @Test
    void anInvalidPrefixIsIgnoredSoTheSessionCookieCanStillBeSet() {
        Origin o = behindNginx("Host", "app.internal", "X-Forwarded-Prefix", "/shop;Domain=evil.com");
        assertEquals("", o.basePath());
        assertEquals("/", Cookie.builder("s", "v").path(o.basePath().isEmpty() ? "/" : o.basePath()).build().path());
        o = behindNginx("Host", "app.internal", "X-Forwarded-Prefix", "/shop/");
        assertEquals("/shop", o.basePath());
        assertEquals("http://app.internal/shop/p", o.url("/p"));
    }

    @Test
    void withoutAUsableHostAUrlIsBuiltOnTheAddressTheRequestArrivedOn() {
        for (String bad : new String[] {"bad host", "a.com, b.com", "user@evil.com", "h:99999"}) {
            Request r = Request.builder().target("/x").headers(Headers.of("Host", bad)).localAddress(LOCAL).build();
            Origin o = Origin.of(r, NONE);
            assertNull(o.host(), "redirects stay path-absolute");
            assertEquals("http://127.0.0.1:8080/p?q=1", o.url("/p?q=1"), bad);
        }
        Request v6 = Request.builder().target("/x").headers(Headers.of("Host", "a b"))
                .localAddress(new InetSocketAddress("::1", 3000)).build();
        assertEquals("http://[0:0:0:0:0:0:0:1]:3000/p", Origin.of(v6, NONE).url("/p"));
        Request unknown = Request.builder().target("/x").headers(Headers.of("Host", "a b")).build();
        assertEquals("http://localhost/p", Origin.of(unknown, NONE).url("/p"));
        Origin forwarded = behindNginx("Host", "a b", "X-Forwarded-Host", "also bad", "X-Forwarded-Proto", "https");
        assertEquals("https://127.0.0.1:8080/p", forwarded.url("/p"));
        assertFalse(behindNginx("Host", "app.internal").isSecure());
    }
}
