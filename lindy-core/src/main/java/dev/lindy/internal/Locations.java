package dev.lindy.internal;

import dev.lindy.http.Request;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Resolves redirect locations against the request URL (RFC 3986), escaping what a URI may not hold. */
final class Locations {
    private static final String ALLOWED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";

    private Locations() {
    }

    static String resolve(Request request, String location) {
        String escaped = escape(location);
        URI target = URI.create(escaped);
        if (target.isAbsolute()) {
            return escaped;
        }
        int q = request.target().indexOf('?');
        String rawPath = Urls.stripOrigin(q < 0 ? request.target() : request.target().substring(0, q));
        String base = request.scheme() + "://" + request.host() + escape(rawPath);
        // java.net.URI follows RFC 2396 here, which drops the last segment; RFC 3986 keeps the path.
        if (escaped.startsWith("?")) {
            return base + escaped;
        }
        return URI.create(base).resolve(target).toString();
    }

    private static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 128 && ALLOWED.indexOf(c) >= 0;
            if (ok && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (ok) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
                for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
                i = end - 1;
            }
        }
        return out == null ? s : out.toString();
    }
}
