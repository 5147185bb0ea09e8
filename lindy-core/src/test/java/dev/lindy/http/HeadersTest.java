package dev.lindy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeadersTest {
    @Test
    void namesCompareIgnoringCaseAndRepeatsKeepOrder() {
        Headers h = Headers.of("Set-Cookie", "a=1", "set-cookie", "b=2", "X", "y");
        assertEquals("a=1", h.get("SET-COOKIE"));
        assertEquals(List.of("a=1", "b=2"), h.all("Set-Cookie"));
        assertEquals(Set.of("Set-Cookie", "X"), h.names());
        assertEquals(3, h.size());
        assertNull(h.get("missing"));
    }

    @Test
    void setReplacesAndRemoveDropsEveryValue() {
        Headers h = Headers.of("A", "1", "a", "2").newBuilder().set("A", "3").add("B", "x").remove("b").build();
        assertEquals(List.of("3"), h.all("a"));
        assertEquals(1, h.size());
    }

    @Test
    void headerInjectionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Headers.of("X", "a\r\nSet-Cookie: evil=1"));
        assertThrows(IllegalArgumentException.class, () -> Headers.of("Bad Name", "v"));
    }

    @Test
    void methodsAreInternedCaseSensitiveAndValidated() {
        assertSame(Method.GET, Method.of("GET"));
        assertNotEquals(Method.GET, Method.of("get"));
        assertFalse(Method.of("get").isStandard());
        assertEquals("BREW", Method.of("BREW").name());
        assertThrows(IllegalArgumentException.class, () -> Method.of("BAD METHOD"));
    }

    @Test
    void statusReasonsAndBodilessStatuses() {
        assertEquals("Not Found", Status.reason(404));
        assertEquals("Client Error", Status.reason(499));
        assertEquals(true, Status.forbidsBody(204));
        assertEquals(false, Status.forbidsBody(200));
    }

    @Test
    void requestsSplitTheirTargetAndDecodeThePath() {
        Request r = Request.builder().target("/a%20b?x=1&x=2").build();
        assertEquals("/a b", r.path());
        assertEquals("x=1&x=2", r.query());
        assertEquals(List.of("1", "2"), r.queryParams().get("x"));
        assertEquals("localhost", r.host());
    }

    @Test
    void responsesHaveBuildersAndFactories() {
        Response r = Response.of(201, "made").newBuilder().header("X", "1").build();
        assertEquals(201, r.status());
        assertEquals("made", r.bodyText());
        assertEquals("1", r.header("x"));
        assertEquals("/next", Response.redirect("/next", 303).header("Location"));
        assertEquals(0, Response.status(204).body().length);
        assertThrows(IllegalArgumentException.class, () -> Response.status(42));
    }
}
