package dev.lindy.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding and query parsing, strict about malformed input. */
public final class Urls {
    private Urls() {
    }

    /**
     * Reduces an absolute-form target path ({@code http://h/p}) to its path; leaves an origin form alone.
     *
     * @param rawPath the path part of a request target
     * @return the path, starting with {@code /}
     */
    public static String stripOrigin(String rawPath) {
        if (rawPath.startsWith("/")) {
            return rawPath;
        }
        int scheme = rawPath.indexOf("://");
        if (scheme > 0) {
            int slash = rawPath.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : rawPath.substring(slash);
        }
        if (rawPath.equals("*")) {
            return rawPath;
        }
        throw new IllegalArgumentException("request target must start with /: " + rawPath);
    }

    /**
     * Decodes {@code %XX} escapes as UTF-8; {@code +} stays a plus.
     *
     * @param s the encoded path
     * @return the decoded path
     * @throws IllegalArgumentException on a malformed escape
     */
    public static String decodePath(String s) {
        return decode(s, false);
    }

    /**
     * Parses a query string: pairs split on {@code &}, {@code +} means a space, repeated names keep all values.
     *
     * @param query the raw query, without {@code ?}
     * @return an unmodifiable map from name to values
     * @throws IllegalArgumentException on a malformed escape
     */
    public static Map<String, List<String>> parseQuery(String query) {
        if (query.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        int start = 0;
        while (start <= query.length()) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? query.length() : amp;
            if (end > start) {
                String pair = query.substring(start, end);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
                out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        out.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(out);
    }

    private static String decode(String s, boolean plusIsSpace) {
        int firstSpecial = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+')) {
                firstSpecial = i;
                break;
            }
        }
        if (firstSpecial < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        byte[] head = s.substring(0, firstSpecial).getBytes(StandardCharsets.UTF_8);
        bytes.write(head, 0, head.length);
        for (int i = firstSpecial; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated percent escape in: " + s);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad percent escape in: " + s);
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (plusIsSpace && c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
