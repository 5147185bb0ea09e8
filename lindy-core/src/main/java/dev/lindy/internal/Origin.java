package dev.lindy.internal;

import dev.lindy.http.Request;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a request was addressed, as the client saw it: scheme, host and the path the app is mounted
 * under. Behind a reverse proxy these come from the forwarding headers, but only when the connection comes
 * from a proxy the settings trust, and only from the one family those proxies write: {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host} and {@code X-Forwarded-Prefix}, or RFC 7239's {@code Forwarded} (which has no
 * prefix). From anyone else, and in the other family, those headers are ignored. Proxies append, so the
 * value the nearest proxy wrote counts: the last one, across every line of a header; of {@code Forwarded},
 * the last element, all its parameters together. A host that is not one well-formed host, and a prefix that
 * is not a plain path, are never used.
 *
 * @param scheme {@code http} or {@code https}
 * @param host host and optional port, or null when the request named no usable host
 * @param basePath the prefix the app is mounted under, empty or starting with {@code /}, never ending with it
 * @param localHost the host and port the request arrived on, standing in for a missing host in URLs; null
 *     when there is a host
 */
record Origin(String scheme, String host, String basePath, String localHost) {
    // Segments of RFC 3986 path characters, less ";" and "," (which end a cookie attribute and a list item).
    private static final Pattern PREFIX = Pattern.compile("(/([A-Za-z0-9._~!$&'()*+=:@-]|%[0-9A-Fa-f]{2})+)+/?");

    /**
     * Reads a request's origin.
     *
     * @param proxies the proxies whose forwarding headers are believed, and the family they write
     */
    static Origin of(Request request, TrustedProxies proxies) {
        String scheme = request.scheme();
        String host = Hosts.isValid(request.host()) ? request.host() : null;
        String base = request.basePath();
        if (proxies.trusts(request.remoteAddress())) {
            String proto;
            String forwardedHost;
            String prefix = null;
            if (proxies.usesForwarded()) {
                Map<String, String> nearest = nearestForwarded(request.headers().all("Forwarded"));
                proto = nearest.get("proto");
                forwardedHost = nearest.get("host");
            } else {
                proto = last(request.headers().all("X-Forwarded-Proto"));
                forwardedHost = last(request.headers().all("X-Forwarded-Host"));
                prefix = prefix(last(request.headers().all("X-Forwarded-Prefix")));
            }
            if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
                scheme = proto.toLowerCase(Locale.ROOT);
            }
            if (forwardedHost != null && Hosts.isValid(forwardedHost)) {
                host = forwardedHost;
            }
            if (prefix != null) {
                base = prefix + base;
            }
        }
        return new Origin(scheme, host, base, host == null ? local(request.localAddress()) : null);
    }

    /** Returns the absolute URL of a path of the app; without a host, on the address the request arrived on. */
    String url(String pathAndQuery) {
        return scheme + "://" + (host != null ? host : localHost) + basePath + pathAndQuery;
    }

    boolean isSecure() {
        return scheme.equals("https");
    }

    // Proxies append, to the last line or as a new line: the nearest one's value is the last of the last line.
    private static String last(List<String> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        String line = lines.get(lines.size() - 1);
        String v = line.substring(line.lastIndexOf(',') + 1).trim();
        return v.isEmpty() ? null : v;
    }

    /**
     * Returns the parameters of the last element of the last {@code Forwarded} line, the nearest proxy's,
     * names in lower case; empty if it is malformed. No value Lindy reads (a host, a scheme, a node) holds a
     * comma, so the element starts after the last comma, whatever a client put before it.
     */
    static Map<String, String> nearestForwarded(List<String> lines) {
        if (lines.isEmpty()) {
            return Map.of();
        }
        String line = lines.get(lines.size() - 1);
        Map<String, String> pairs = new HashMap<>();
        for (String pair : line.substring(line.lastIndexOf(',') + 1).split(";", -1)) {
            String p = pair.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = eq < 0 ? "" : p.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : value(p.substring(eq + 1));
            if (!isToken(name) || value == null || pairs.put(name, value) != null) {
                return Map.of();
            }
        }
        return pairs;
    }

    // A token, or a quoted string whose escapes are undone; null if malformed.
    private static String value(String text) {
        if (!text.startsWith("\"")) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c <= ' ' || c == '"' || c >= 0x7f) {
                    return null;
                }
            }
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i == text.length() - 1 ? out.toString() : null;
            }
            if (c == '\\' && ++i < text.length()) {
                c = text.charAt(i);
            }
            out.append(c);
        }
        return null;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a forwarded prefix: a path of one or more segments of path characters, without {@code ;},
     * {@code ,}, dot segments or escaped control characters; a trailing slash is dropped.
     *
     * @return the prefix, or null if it is not one
     */
    static String prefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            return null;
        }
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        for (String segment : p.substring(1).split("/")) {
            String s = segment.replace("%2e", ".").replace("%2E", ".");
            if (s.equals(".") || s.equals("..")) {
                return null;
            }
        }
        for (int i = p.indexOf('%'); i >= 0; i = p.indexOf('%', i + 1)) {
            int b = Integer.parseInt(p.substring(i + 1, i + 3), 16);
            if (b < 0x20 || b == 0x7f) {
                return null;
            }
        }
        return p;
    }

    // The address the request arrived on, as a Host value; "localhost" when the server does not say.
    private static String local(InetSocketAddress local) {
        if (local == null) {
            return "localhost";
        }
        InetAddress ip = local.getAddress();
        String name;
        if (ip == null) {
            name = local.getHostString();
        } else if (ip instanceof Inet6Address) {
            String text = ip.getHostAddress();
            int zone = text.indexOf('%');
            name = "[" + (zone < 0 ? text : text.substring(0, zone)) + "]";
        } else {
            name = ip.getHostAddress();
        }
        String hostAndPort = name + ":" + local.getPort();
        return Hosts.isValid(hostAndPort) ? hostAndPort : "localhost";
    }
}
