package dev.lindy.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The bodies and models every bench server uses, so all of them do the same work. */
public final class Payloads {
    static final String HELLO = "Hello, World!";
    /** How many rows the template page lists. */
    static final int ROWS = 20;

    private static volatile Stamp stamp = new Stamp(-1, "");

    private Payloads() {
    }

    /**
     * TechEmpower's JSON test object: a new one per request, serialized by each server's JSON library.
     *
     * @param message always {@code Hello, World!}
     */
    public record Message(String message) {
    }

    /** The template page's model: a title and twenty rows, the same on every server. */
    static Map<String, Object> page() {
        List<Map<String, Object>> rows = new ArrayList<>(ROWS);
        for (int i = 1; i <= ROWS; i++) {
            rows.add(Map.of("id", i, "name", "row <" + i + ">", "amount", i * 1.5));
        }
        return Map.of("title", "Twenty rows & a layout", "rows", rows);
    }

    /**
     * The Date header's value, formatted once a second as Lindy's server does: every HTTP/1.1 origin server
     * sends one, so the raw Netty baseline pays for it too.
     */
    static String date() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = stamp;
        if (s.second != second) {
            s = new Stamp(second, DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC)));
            stamp = s;
        }
        return s.text;
    }

    private record Stamp(long second, String text) {
    }
}
