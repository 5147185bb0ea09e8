package dev.lindy.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.json.JsonException;
import dev.lindy.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JacksonJsonMapperTest {
    private final JsonMapper json = new JacksonJsonMapper();

    /** A value to read. */
    public static final class Point {
        /** Across. */
        public int x;
        /** Down. */
        public List<Integer> path;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void itIsFoundOnTheClassPath() {
        assertTrue(ServiceLoader.load(JsonMapper.class).findFirst().orElseThrow() instanceof JacksonJsonMapper);
    }

    @Test
    void javaTimeIsWrittenAsIsoText() {
        assertEquals("{\"at\":\"2026-11-28T00:00:00Z\"}",
                new String(json.write(Map.of("at", Instant.parse("2026-11-28T00:00:00Z"))), StandardCharsets.UTF_8));
    }

    @Test
    void readingIgnoresUnknownFields() {
        Point p = json.read(bytes("{\"x\":3,\"path\":[1,2],\"extra\":true}"), Point.class);
        assertEquals(3, p.x);
        assertEquals(List.of(1, 2), p.path);
    }

    @Test
    void failuresSayWhereButNeverRepeatTheJson() {
        JsonException malformed = assertThrows(JsonException.class, () -> json.read(bytes("{\"x\": \"sekret"), Point.class));
        assertTrue(malformed.getMessage().startsWith("malformed JSON at line 1"), malformed.getMessage());
        assertFalse(malformed.getMessage().contains("sekret"), malformed.getMessage());
        JsonException mistyped = assertThrows(JsonException.class, () -> json.read(bytes("{\"x\": \"sekret\"}"), Point.class));
        assertEquals("field 'x' does not fit: expected a number", mistyped.getMessage());
        JsonException nested = assertThrows(JsonException.class, () -> json.read(bytes("{\"path\": [1, \"sekret\"]}"), Point.class));
        assertEquals("field 'path[1]' does not fit: expected a number", nested.getMessage());
        assertThrows(JsonException.class, () -> json.write(new Object()));
    }
}
