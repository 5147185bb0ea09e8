package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void absoluteLocationsAreKeptAndUnsafeCharactersEscaped() {
        assertEquals("https://other.example/x", Locations.resolve(REQUEST, "https://other.example/x"));
        assertEquals("http://example.org:8080/a%20b/%C3%A9", Locations.resolve(REQUEST, "/a b/\u00e9"));
    }
}
