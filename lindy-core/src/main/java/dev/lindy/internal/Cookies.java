package dev.lindy.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Cookie headers of a request (RFC 6265 section 5.4), tolerantly: pairs split on {@code ;},
 * quoted values unquoted, the first of a repeated name kept (browsers send the most specific first), and
 * junk (a pair without {@code =}, a name that is no token) skipped rather than refused.
 */
public final class Cookies {
    private Cookies() {
    }

    /**
     * Parses every Cookie header of a request.
     *
     * @param headers the header values, in order
     * @return an unmodifiable map from name to value, in the order sent
     */
    public static Map<String, String> parse(List<String> headers) {
        if (headers.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String header : headers) {
            int start = 0;
            while (start < header.length()) {
                int end = header.indexOf(';', start);
                if (end < 0) {
                    end = header.length();
                }
                pair(header.substring(start, end), out);
                start = end + 1;
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static void pair(String pair, Map<String, String> out) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
            return;
        }
        String name = pair.substring(0, eq).trim();
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            return;
        }
        String value = pair.substring(eq + 1).trim();
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1);
        }
        out.putIfAbsent(name, value);
    }
}
