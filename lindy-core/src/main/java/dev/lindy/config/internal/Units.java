package dev.lindy.config.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations and sizes as people write them in configuration files. */
public final class Units {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

    private Units() {
    }

    /**
     * Reads a duration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601.
     *
     * @param text the text
     * @return the duration, or null if the text is none
     */
    public static Duration duration(String text) {
        String t = text.trim();
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                default: return Duration.ofDays(n);
            }
        }
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Reads a size: a number of bytes, or one with {@code KiB}, {@code MiB} or {@code GiB}.
     *
     * @param text the text
     * @return the size in bytes, or null if the text is none
     */
    public static Long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit == null || unit.equals("B")) {
            return n;
        }
        switch (unit) {
            case "KiB": return n * 1024;
            case "MiB": return n * 1024 * 1024;
            default: return n * 1024 * 1024 * 1024;
        }
    }
}
