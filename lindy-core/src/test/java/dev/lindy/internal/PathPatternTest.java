package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PathPatternTest {

    private static Captures match(String pattern, String path) {
        Captures c = new Captures();
        return PathPattern.compile(pattern).match(path, c) ? c : null;
    }

    @Test
    void rootMatchesOnlyTheRoot() {
        assertTrue(match("/", "/") != null);
        assertEquals(null, match("/", "/a"));
    }

    @Test
    void literalSegmentsMatchExactlyAndTrailingSlashMatters() {
        assertTrue(match("/a/b", "/a/b") != null);
        assertEquals(null, match("/a/b", "/a/b/"));
        assertEquals(null, match("/a/b", "/a/bc"));
        assertEquals(null, match("/a/b", "/a"));
    }

    @Test
    void namedSegmentsNeedAtLeastOneCharacter() {
        Captures c = match("/u/:id", "/u/7");
        assertEquals(List.of("id"), c.names());
        assertEquals(List.of("7"), c.values());
        assertEquals(null, match("/u/:id", "/u/"));
    }

    @Test
    void megasplatGivesBackSegmentsToWhatFollows() {
        Captures c = match("/a/**/z", "/a/b/c/z");
        assertEquals(List.of("b/c"), c.splatValues());
        assertEquals(null, match("/a/**/z", "/a/z"));
        Captures greedy = match("/a/**/:last", "/a/b/c/d");
        assertEquals(List.of("b/c"), greedy.splatValues());
        assertEquals(List.of("d"), greedy.values());
    }

    @Test
    void mixedSegmentsQuoteTheirLiteralText() {
        Captures c = match("/f/v(:n).*", "/f/v(2).txt");
        assertEquals(List.of("2"), c.values());
        assertEquals(List.of("txt"), c.splatValues());
        assertEquals(null, match("/f/v(:n).*", "/f/vX2).txt"));
    }

    @Test
    void anOptionalParameterMustBeLast() {
        assertThrows(IllegalArgumentException.class, () -> PathPattern.compile("/a/:b?/c"));
        assertThrows(IllegalArgumentException.class, () -> PathPattern.compile("no-slash"));
    }

    @Test
    void theIndexSeesLiteralsAndOneSegmentWildcardsUpToTheFirstPartItCannotDescribe() {
        assertEquals(Arrays.asList("users", null), PathPattern.compile("/users/:id").indexSegments());
        assertTrue(PathPattern.compile("/users/:id").indexedWhole());
        assertEquals(Arrays.asList("files", null, "raw"), PathPattern.compile("/files/*/raw").indexSegments());
        assertEquals(List.of("hello"), PathPattern.compile("/hello/:name?").indexSegments());
        assertFalse(PathPattern.compile("/hello/:name?").indexedWhole());
        assertEquals(List.of("f"), PathPattern.compile("/f/:name.:ext/x").indexSegments());
        assertEquals(List.of("a"), PathPattern.compile("/a/**/b").indexSegments());
        assertEquals(List.of(), PathPattern.compile("/").indexSegments());
        assertTrue(PathPattern.compile("/").indexedWhole());
        assertEquals(List.of(), PathPattern.regex(Pattern.compile("/x")).indexSegments());
        assertFalse(PathPattern.regex(Pattern.compile("/x")).indexedWhole());
    }

    @Test
    void patternsThatAreAlmostCertainlyTyposAreRefusedWithAHint() {
        assertHint("/user/{id}", "did you mean /user/:id");
        assertHint("/x/:1d", "starts with a letter");
        assertHint("/y/:", "starts with a letter");
        assertHint("/z/***", "whole segment");
        assertHint("/z/a**", "whole segment");
        assertHint("/search?q=:q", "never a query");
        assertHint("/a#top", "never a query");
        assertHint("/a//b", "empty segment");
        PathPattern.compile("/hello/:name?");
        PathPattern.compile("/:name.:ext");
        PathPattern.compile("/a/");
    }

    private static void assertHint(String pattern, String hint) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathPattern.compile(pattern));
        assertTrue(e.getMessage().contains(hint), e.getMessage());
    }

    @Test
    void regexPatternsMatchTheWholePath() {
        Captures c = new Captures();
        assertFalse(PathPattern.regex(Pattern.compile("/x")).match("/xy", c));
        assertTrue(PathPattern.regex(Pattern.compile("/x(y)?")).match("/x", c));
        assertEquals(List.of(), c.splatValues());
    }
}
