package dev.lindy.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.json.JsonException;
import dev.lindy.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
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
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("duration", Duration.ofSeconds(5));
        values.put("period", Period.ofDays(3));
        values.put("date", LocalDate.of(2026, 11, 28));
        values.put("dateTime", LocalDateTime.of(2026, 11, 28, 9, 30));
        values.put("time", LocalTime.of(9, 30, 15));
        values.put("offset", OffsetDateTime.of(2026, 11, 28, 9, 30, 0, 0, ZoneOffset.ofHours(2)));
        values.put("zoned", ZonedDateTime.of(2026, 11, 28, 9, 30, 0, 0, ZoneOffset.UTC));
        values.put("yearMonth", YearMonth.of(2026, 11));
        values.put("monthDay", MonthDay.of(11, 28));
        values.put("year", Year.of(2026));
        assertEquals("{\"duration\":\"PT5S\",\"period\":\"P3D\",\"date\":\"2026-11-28\","
                + "\"dateTime\":\"2026-11-28T09:30:00\",\"time\":\"09:30:15\","
                + "\"offset\":\"2026-11-28T09:30:00+02:00\",\"zoned\":\"2026-11-28T09:30:00Z\","
                + "\"yearMonth\":\"2026-11\",\"monthDay\":\"--11-28\",\"year\":\"2026\"}",
                new String(json.write(values), StandardCharsets.UTF_8));
    }

    @Test
    void aDurationIsReadBackFromIsoText() {
        assertEquals(Duration.ofMillis(1500), json.read(bytes("\"PT1.5S\""), Duration.class));
        assertEquals(Duration.ofMinutes(90), json.read(json.write(Duration.ofMinutes(90)), Duration.class));
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
