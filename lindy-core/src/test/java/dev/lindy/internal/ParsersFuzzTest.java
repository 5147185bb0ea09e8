package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.http.Headers;
import dev.lindy.http.Request;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes what Lindy parses from clients itself: request targets (percent decoding, dot segments, queries),
 * route patterns and the paths matched against them, and cookie headers. Each either refuses an input with
 * an IllegalArgumentException (a 400 for a client) or gives a result that keeps its invariants; nothing
 * else may come out. A thousand inputs each by default; more with {@code -Djqwik.tries.default=1000000}.
 */
class ParsersFuzzTest {
    private static final String TARGET_ALPHABET = "/abc.%2e2f5cFE0919zZ?&=+#;:@!$'()*,~-_ \\\u0000\u00e9\u4e2d\ud83d";

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> random = Arbitraries.strings().withChars(TARGET_ALPHABET.toCharArray()).ofMaxLength(40)
                .map(s -> "/" + s);
        Arbitrary<String> pieces = Arbitraries.of("/", "..", ".", "%2e", "%2E%2e", "%2f", "%5c", "%00", "%", "%zz", "%c3%a9",
                "%c3", "%ff", "%ed%a0%80", "?", "&", "=", "a", "b", "//", "+", "#").list().ofMaxSize(12)
                .map(l -> "/" + String.join("", l));
        return Arbitraries.oneOf(random, pieces);
    }

    @Property
    void aTargetIsRefusedOrGivesAPathWithoutDotSegmentsOrNul(@ForAll("targets") String target) {
        Request r;
        try {
            r = Request.builder().target(target).build();
        } catch (IllegalArgumentException refused) {
            return;
        }
        String path = r.path();
        assertTrue(path.startsWith("/"), path);
        assertFalse(path.contains("\u0000"), path);
        for (String segment : path.split("/", -1)) {
            assertFalse(segment.equals("..") || segment.equals("."), "a dot segment survived in " + path);
        }
        Map<String, List<String>> query = r.queryParams();
        query.forEach((k, v) -> assertFalse(v.isEmpty(), k));
    }

    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4).map(s -> ":" + s),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4).map(s -> ":" + s + "?"),
                Arbitraries.of("*", "**", "{id}", "a:b", "x*y", "", "***", "#", "?", ":", ":1"));
        return segment.list().ofMinSize(0).ofMaxSize(5).map(l -> "/" + String.join("/", l));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.strings().withChars("/abcxyzAB0.:-_é".toCharArray()).ofMaxLength(30).map(s -> "/" + s);
    }

    @Property
    void aPatternIsRefusedOrMatchesAnyPathWithoutFailing(@ForAll("patterns") String pattern, @ForAll("paths") String path) {
        PathPattern compiled;
        try {
            compiled = PathPattern.compile(pattern);
        } catch (IllegalArgumentException refused) {
            return;
        }
        Captures captures = new Captures();
        boolean matched = compiled.match(path, captures);
        if (!pattern.contains(":") && !pattern.contains("*") && matched) {
            assertEquals(pattern.replaceAll("/+$", ""), path.replaceAll("/+$", ""), "a literal pattern matched another path");
        }
    }

    @Provide
    Arbitrary<List<String>> cookieHeaders() {
        return Arbitraries.strings().withChars("ab=;\" ,\t%\\\u00e9\u0001x".toCharArray()).ofMaxLength(40).list().ofMaxSize(3);
    }

    @Property
    void aCookieHeaderNeverFailsAndGivesOnlyValidNames(@ForAll("cookieHeaders") List<String> headers) {
        Map<String, String> cookies = Cookies.parse(headers);
        cookies.forEach((name, value) -> {
            assertFalse(name.isEmpty());
            for (char c : name.toCharArray()) {
                assertTrue(c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0, "name " + name);
            }
            assertFalse(value.contains(";"), value);
        });
    }

    @Property
    void headersKeepOnlyWhatCannotSplitAMessage(@ForAll("cookieHeaders") List<String> values) {
        for (String v : values) {
            try {
                Headers h = Headers.of("X-Test", v);
                assertFalse(h.get("X-Test").contains("\r") || h.get("X-Test").contains("\n"));
            } catch (IllegalArgumentException refused) {
                assertTrue(v.contains("\r") || v.contains("\n") || v.contains("\u0000") || v.chars().anyMatch(c -> c < 32 && c != 9)
                        || v.chars().anyMatch(c -> c == 127), "refused a harmless value: " + v);
            }
        }
    }
}
