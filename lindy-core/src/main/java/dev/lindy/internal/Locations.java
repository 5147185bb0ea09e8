package dev.lindy.internal;

import dev.lindy.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves redirect locations against the request URL (RFC 3986 section 5.2), percent-encoding whatever a
 * URI may not hold, so that any string a handler passes gives a valid Location. The base's host comes from
 * the Host header only when that is one well-formed host; otherwise the location stays path-absolute, which
 * RFC 9110 allows.
 */
final class Locations {
    // RFC 3986 appendix B: splits any string into scheme, authority, path, query and fragment.
    private static final Pattern REFERENCE = Pattern.compile("^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?$",
            Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final String UNRESERVED_AND_SUB_DELIMS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=";
    private static final String PATH = UNRESERVED_AND_SUB_DELIMS + ":@/";
    private static final String QUERY = PATH + "?";
    private static final String AUTHORITY = UNRESERVED_AND_SUB_DELIMS + ":@[]";

    private Locations() {
    }

    static String resolve(Request request, String location) {
        return resolve(request, Origin.of(request, TrustedProxies.of(java.util.List.of(), TrustedProxies.X_FORWARDED)), location);
    }

    /** Percent-encodes what a path may not hold. */
    static String escapePath(String path) {
        return escape(path, QUERY);
    }

    static String resolve(Request request, Origin origin, String location) {
        Matcher r = parse(location);
        if (r.group(2) != null && !SCHEME.matcher(r.group(2)).matches()) {
            // "a b:c" starts with no scheme: it is a relative path, which "./" makes plain to the parser.
            r = parse("./" + location);
        }
        String scheme = r.group(2);
        String authority = r.group(3) == null ? null : r.group(4);
        if (authority != null && !Hosts.isValid(authority.substring(authority.lastIndexOf('@') + 1))) {
            throw new IllegalArgumentException("not a valid redirect location: the host of " + location
                    + " is not one well-formed host");
        }
        String path = escape(r.group(5), PATH);
        String query = r.group(7) == null ? null : escape(r.group(7), QUERY);
        String fragment = r.group(9) == null ? null : escape(r.group(9), QUERY);
        if (scheme != null) {
            return build(scheme, authority, path, query, fragment);
        }
        String baseAuthority = origin.host();
        String basePath = escape(origin.basePath() + Urls.stripOrigin(rawPath(request)), PATH);
        if (!basePath.startsWith("/")) {
            basePath = "/";
        }
        String targetPath;
        String targetQuery = query;
        if (authority != null) {
            targetPath = removeDotSegments(path);
        } else {
            authority = baseAuthority;
            if (path.isEmpty()) {
                targetPath = basePath;
                if (query == null) {
                    targetQuery = request.query().isEmpty() ? null : escape(request.query(), QUERY);
                }
            } else if (path.startsWith("/")) {
                // Absolute against the app's root: under the path the app is mounted at.
                targetPath = removeDotSegments(origin.basePath() + path);
            } else {
                targetPath = removeDotSegments(basePath.substring(0, basePath.lastIndexOf('/') + 1) + path);
            }
        }
        return build(authority == null ? null : origin.scheme(), authority, targetPath, targetQuery, fragment);
    }

    private static Matcher parse(String reference) {
        Matcher r = REFERENCE.matcher(reference);
        if (!r.matches()) {
            throw new IllegalArgumentException("not a location: " + reference);
        }
        return r;
    }

    private static String rawPath(Request request) {
        String target = request.target();
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    private static String build(String scheme, String authority, String path, String query, String fragment) {
        StringBuilder out = new StringBuilder();
        if (scheme != null) {
            out.append(scheme).append(':');
        }
        if (authority != null) {
            out.append("//").append(authority);
        }
        out.append(path);
        if (query != null) {
            out.append('?').append(query);
        }
        if (fragment != null) {
            out.append('#').append(fragment);
        }
        return out.toString();
    }

    /** RFC 3986 section 5.2.4, on whole segments. */
    static String removeDotSegments(String path) {
        if (path.indexOf('.') < 0) {
            return path;
        }
        String[] segments = path.split("/", -1);
        List<String> out = new ArrayList<>();
        boolean absolute = path.startsWith("/");
        for (int i = absolute ? 1 : 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                if (last) {
                    out.add("");
                }
            } else if (s.equals(".")) {
                if (last) {
                    out.add("");
                }
            } else {
                out.add(s);
            }
        }
        return (absolute ? "/" : "") + String.join("/", out);
    }

    /** Percent-encodes every character outside {@code allowed}, and a {@code %} that starts no valid escape. */
    private static String escape(String s, String allowed) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 128 && (allowed.indexOf(c) >= 0 || (c == '%' && isEscape(s, i)));
            if (ok && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (ok) {
                out.append(c);
            } else {
                // A surrogate pair is one character; a lone surrogate becomes U+FFFD, never swallowing its neighbour.
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                        ? i + 2 : i + 1;
                String ch = Character.isSurrogate(c) && end == i + 1 ? "\uFFFD" : s.substring(i, end);
                for (byte b : ch.getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
                i = end - 1;
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean isEscape(String s, int i) {
        return i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0;
    }
}
