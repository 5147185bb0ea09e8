package dev.lindy.internal;

import dev.lindy.http.Request;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a request was addressed, as the client saw it: scheme, host and the path the app is mounted
 * under. Behind a reverse proxy these come from {@code Forwarded} (RFC 7239) or
 * {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Forwarded-Prefix}, but only when the
 * connection comes from a proxy the settings trust; from anyone else those headers are ignored. The
 * value the nearest proxy wrote (the last in a list) counts. A host that is not one well-formed host is
 * never used.
 *
 * @param scheme {@code http} or {@code https}
 * @param host host and optional port, or null when the request named no usable host
 * @param basePath the prefix the app is mounted under, empty or starting with {@code /}, never ending with it
 */
record Origin(String scheme, String host, String basePath) {

    static Origin of(Request request, List<String> trustedProxies) {
        String scheme = request.scheme();
        String host = Hosts.isValid(request.host()) ? request.host() : null;
        String base = request.basePath();
        if (!trustedProxies.isEmpty() && trusted(request.remoteAddress(), trustedProxies)) {
            String forwarded = request.header("Forwarded");
            String proto = forwarded != null ? forwardedPart(forwarded, "proto") : last(request.header("X-Forwarded-Proto"));
            String fhost = forwarded != null ? forwardedPart(forwarded, "host") : last(request.header("X-Forwarded-Host"));
            String prefix = last(request.header("X-Forwarded-Prefix"));
            if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
                scheme = proto.toLowerCase(Locale.ROOT);
            }
            if (fhost != null && Hosts.isValid(fhost)) {
                host = fhost;
            }
            if (prefix != null && prefix.matches("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+/?")) {
                base = (prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix) + base;
            }
        }
        return new Origin(scheme, host, base);
    }

    /** Returns the absolute URL of a path of the app, or the path alone (with the base) without a host. */
    String url(String pathAndQuery) {
        String path = basePath + pathAndQuery;
        return host == null ? path : scheme + "://" + host + path;
    }

    boolean isSecure() {
        return scheme.equals("https");
    }

    private static String last(String list) {
        if (list == null) {
            return null;
        }
        int comma = list.lastIndexOf(',');
        String v = (comma < 0 ? list : list.substring(comma + 1)).trim();
        return v.isEmpty() ? null : v;
    }

    // The last element of a Forwarded header is the nearest proxy's; find one parameter in it.
    private static String forwardedPart(String header, String name) {
        String element = header.substring(header.lastIndexOf(',') + 1);
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = pair.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    static boolean trusted(InetSocketAddress peer, List<String> proxies) {
        if (peer == null) {
            return false;
        }
        InetAddress address = peer.getAddress();
        if (address == null) {
            try {
                address = InetAddress.getByName(peer.getHostString());
            } catch (UnknownHostException e) {
                return false;
            }
        }
        byte[] ip = address.getAddress();
        for (String proxy : proxies) {
            if (matches(ip, proxy)) {
                return true;
            }
        }
        return false;
    }

    // An address, or a CIDR block such as 10.0.0.0/8; literal addresses only, never a name to look up.
    private static boolean matches(byte[] ip, String proxy) {
        int slash = proxy.indexOf('/');
        String addr = slash < 0 ? proxy : proxy.substring(0, slash);
        byte[] net;
        try {
            if (!addr.matches("[0-9a-fA-F:.]+")) {
                return false;
            }
            net = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        if (net.length != ip.length) {
            return false;
        }
        int bits = slash < 0 ? net.length * 8 : Integer.parseInt(proxy.substring(slash + 1));
        for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((ip[i] & mask) != (net[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
