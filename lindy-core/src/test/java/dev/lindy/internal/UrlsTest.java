package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlsTest {
    @Test
    void pathDecodingKeepsPlusAndDecodesUtf8() {
        assertEquals("/a+b c\u00e9", Urls.decodePath("/a+b%20c%C3%A9"));
    }

    @Test
    void malformedEscapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/a%2"));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/a%zz"));
    }

    @Test
    void dotSegmentsAreRemovedAsRfc3986Says() {
        assertEquals("/b", Urls.decodePath("/a/../b"));
        assertEquals("/a/", Urls.decodePath("/a/b/.."));
        assertEquals("/a/c", Urls.decodePath("/a/./b/../c"));
        assertEquals("/a/", Urls.decodePath("/a/."));
        assertEquals("/", Urls.decodePath("/a/.."));
        assertEquals("/a/..b/.c", Urls.decodePath("/a/..b/.c"));
    }

    @Test
    void pathsThatClimbAboveTheRootOrHideSeparatorsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/.."));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/a/../../b"));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/files/..%2F..%2Fetc%2Fpasswd"));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/a%2fb"));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/a/%2e%2e/b"));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/a/%2E/b"));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/a%00b"));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/a\u0000b"));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/files/..%5c..%5cetc"));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/files/a\\b"));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/files/%ff"));
        assertThrows(IllegalArgumentException.class, () -> Urls.decodePath("/files/%c0%ae%c0%ae/x"));
        assertEquals("/caf\u00e9", Urls.decodePath("/caf%C3%A9"));
    }

    @Test
    void aQueryIsCheckedWhole() {
        Urls.checkQuery("a=1&b=%20&c=%C3%A9");
        assertThrows(IllegalArgumentException.class, () -> Urls.checkQuery("a=%zz"));
        assertThrows(IllegalArgumentException.class, () -> Urls.checkQuery("off=100%"));
        assertThrows(IllegalArgumentException.class, () -> Urls.checkQuery("a=%2"));
    }

    @Test
    void queryParsingHandlesPlusRepeatsAndEmptyValues() {
        Map<String, List<String>> q = Urls.parseQuery("a=1&a=2&b=x+y&c&&d=");
        assertEquals(List.of("1", "2"), q.get("a"));
        assertEquals(List.of("x y"), q.get("b"));
        assertEquals(List.of(""), q.get("c"));
        assertEquals(List.of(""), q.get("d"));
        assertEquals(4, q.size());
    }

    @Test
    void absoluteFormTargetsReduceToTheirPath() {
        assertEquals("/p", Urls.stripOrigin("http://h:1/p"));
        assertEquals("/", Urls.stripOrigin("http://h"));
        assertThrows(IllegalArgumentException.class, () -> Urls.stripOrigin("p"));
    }
}
