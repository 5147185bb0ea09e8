package dev.lindy.netty.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The value of the Date header, formatted once per second rather than once per response. */
final class HttpDates {
    private static volatile Stamp stamp = new Stamp(-1, "");

    private HttpDates() {
    }

    static String now() {
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
