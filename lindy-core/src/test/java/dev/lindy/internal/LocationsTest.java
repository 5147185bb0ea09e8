package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lindy.http.Headers;
import dev.lindy.http.Request;
import org.junit.jupiter.api.Test;

class LocationsTest {
    private static final Request REQUEST = Request.builder().target("/users/5?x=1")
            .headers(Headers.of("Host", "example.org:8080")).build();

    @Test
    void relativeLocationsResolveAgainstTheRequestUrl() {
        assertEquals("http://example.org:8080/users/edit", Locations.resolve(REQUEST, "edit"));
        assertEquals("http://example.org:8080/login", Locations.resolve(REQUEST, "/login"));
        assertEquals("http://example.org:8080/users/5?page=2", Locations.resolve(REQUEST, "?page=2"));
    }

    @Test
    void anyStringGivesAValidLocation() {
        assertEquals("http://example.org:8080/sale?off=100%25", Locations.resolve(REQUEST, "/sale?off=100%"));
        assertEquals("http://example.org:8080/a%5B1%5D", Locations.resolve(REQUEST, "/a[1]"));
        assertEquals("http://example.org:8080/a%20b?q=%22x%22#top", Locations.resolve(REQUEST, "/a b?q=\"x\"#top"));
        assertEquals("http://example.org:8080/users/a%20b:c", Locations.resolve(REQUEST, "a b:c"));
        assertEquals("http://[::1]:3000/x", Locations.resolve(REQUEST, "http://[::1]:3000/x"));
        assertEquals("http://example.org:8080/up", Locations.resolve(REQUEST, "../../up"));
        assertEquals("http://other.example/p", Locations.resolve(REQUEST, "//other.example/p"));
    }

    @Test
    void anAbsoluteLocationWithABadHostIsRefusedAndALoneSurrogateStaysInPlace() {
        assertThrows(IllegalArgumentException.class, () -> Locations.resolve(REQUEST, "//h]:x/p"));
        assertThrows(IllegalArgumentException.class, () -> Locations.resolve(REQUEST, "http://a b:\n/x"));
        assertEquals("http://example.org:8080/a%EF%BF%BD/b", Locations.resolve(REQUEST, "/a\uD800/b"));
        assertEquals("http://example.org:8080/%F0%9F%98%80", Locations.resolve(REQUEST, "/\uD83D\uDE00"));
    }

    @Test
    void anAbsoluteFormTargetsAuthorityWinsOverHost() {
        Request r = Request.builder().target("http://real.example/users/5").headers(Headers.of("Host", "other")).build();
        assertEquals("http://real.example/login", Locations.resolve(r, "/login"));
    }

    @Test
    void aMalformedHostLeavesTheLocationPathAbsolute() {
        for (String host : new String[] {"bad host", "a.com, b.com", "user@evil.com", "h:99999", "h:", "[zz]"}) {
            Request r = Request.builder().target("/users/5").headers(Headers.of("Host", host)).build();
            assertEquals("/users/edit", Locations.resolve(r, "edit"), host);
            assertEquals("/login", Locations.resolve(r, "/login"), host);
        }
    }

    @Test
    void absoluteLocationsAreKeptAndUnsafeCharactersEscaped() {
        assertEquals("https://other.example/x", Locations.resolve(REQUEST, "https://other.example/x"));
        assertEquals("http://example.org:8080/a%20b/%C3%A9", Locations.resolve(REQUEST, "/a b/\u00e9"));
    }
}
