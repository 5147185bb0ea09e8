package dev.lindy.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Percent-decoding, path normalization and query parsing, strict about malformed input: anything a
 * client can get wrong throws {@link IllegalArgumentException}, which hosts answer with a 400.
 */
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
     * Returns the authority of an absolute-form target ({@code http://host:port/p}), without user info.
     *
     * @param target the request target
     * @return the authority, or null for an origin-form target
     */
    public static String authority(String target) {
        if (target.startsWith("/")) {
            return null;
        }
        int scheme = target.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        String authority = target.substring(start, end);
        return authority.substring(authority.lastIndexOf('@') + 1);
    }

    /**
     * Decodes a request path: {@code %XX} escapes as UTF-8 ({@code +} stays a plus), then the dot segments
     * {@code .} and {@code ..} are removed as RFC 3986 section 5.2.4 says, so no route ever sees them; a
     * {@code ..} that would climb above the root is refused, as servlet containers do, and so is a dot
     * segment written with escapes ({@code %2e%2e}), which some servers read as dots and others not. An
     * encoded slash ({@code %2F}) is refused rather than decoded: it would let one segment pose as two (a
     * {@code /files/**} route would see {@code ../../etc/passwd}). So are a backslash, raw or encoded (some
     * systems read it as a slash), a NUL, and escapes that are not UTF-8 ({@code %ff}, overlong forms).
     *
     * @param raw the encoded path, starting with {@code /}
     * @return the decoded, normalized path
     * @throws IllegalArgumentException on a malformed escape, an encoded slash or dot segment, a NUL, or a
     *     climb above the root
     */
    public static String decodePath(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf("/.") < 0 && raw.indexOf('\0') < 0 && raw.indexOf('\\') < 0) {
            return raw;
        }
        List<String> out = new ArrayList<>();
        int start = raw.startsWith("/") ? 1 : 0;
        boolean trailingSlash = false;
        while (start <= raw.length()) {
            int end = raw.indexOf('/', start);
            if (end < 0) {
                end = raw.length();
            }
            String rawSegment = raw.substring(start, end);
            String segment = decodeSegment(rawSegment);
            boolean last = end == raw.length();
            if (!segment.equals(rawSegment) && (segment.equals(".") || segment.equals(".."))) {
                throw new IllegalArgumentException("an encoded dot segment is ambiguous: " + rawSegment);
            }
            if (segment.equals("..")) {
                if (out.isEmpty()) {
                    throw new IllegalArgumentException("the path climbs above the root: " + raw);
                }
                out.remove(out.size() - 1);
                trailingSlash = last;
            } else if (segment.equals(".")) {
                trailingSlash = last;
            } else {
                out.add(segment);
                trailingSlash = false;
            }
            start = end + 1;
        }
        StringBuilder path = new StringBuilder(raw.length());
        for (String segment : out) {
            path.append('/').append(segment);
        }
        if (trailingSlash || path.length() == 0) {
            path.append('/');
        }
        return path.toString();
    }

    private static String decodeSegment(String segment) {
        String decoded = decode(segment, false);
        if (decoded.indexOf('/') >= 0) {
            throw new IllegalArgumentException("an encoded slash (%2F) in a path is not allowed: " + segment);
        }
        if (decoded.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a backslash in a path is not allowed (some systems read it as a slash): "
                    + segment);
        }
        if (decoded.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL in a path is not allowed: " + segment);
        }
        if (decoded.indexOf('\uFFFD') >= 0 && segment.indexOf('\uFFFD') < 0) {
            throw new IllegalArgumentException("the path's escapes are not UTF-8: " + segment);
        }
        return decoded;
    }

    /**
     * Checks that every {@code %} in a query starts a valid escape, so a malformed query is refused when
     * the request arrives rather than when a handler first reads a parameter.
     *
     * @param query the raw query, without {@code ?}
     * @throws IllegalArgumentException on a malformed escape
     */
    public static void checkQuery(String query) {
        for (int i = query.indexOf('%'); i >= 0; i = query.indexOf('%', i + 1)) {
            if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0
                    || Character.digit(query.charAt(i + 2), 16) < 0) {
                throw new IllegalArgumentException("bad percent escape in the query: " + query);
            }
        }
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
