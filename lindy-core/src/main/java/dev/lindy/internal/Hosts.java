package dev.lindy.internal;

/**
 * Checks the value of a Host header (RFC 9110 section 7.2, RFC 3986 section 3.2.2): a host name, an IPv4
 * address or a bracketed IPv6 address, and an optional port. Strict on purpose: a value that is not one
 * host (spaces, commas, user info, a bad port) is never used to build a URL.
 */
public final class Hosts {
    private Hosts() {
    }

    /**
     * Tells whether a Host value is one well-formed host with an optional port.
     *
     * @param host the value, for example {@code example.com:8080} or {@code [::1]}
     * @return true if it may be used to build an absolute URL
     */
    public static boolean isValid(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        int portStart;
        if (host.charAt(0) == '[') {
            int close = host.indexOf(']');
            if (close < 3) {
                return false;
            }
            for (int i = 1; i < close; i++) {
                char c = host.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return false;
                }
            }
            portStart = close + 1;
        } else {
            int colon = host.indexOf(':');
            portStart = colon < 0 ? host.length() : colon;
            if (portStart == 0) {
                return false;
            }
            for (int i = 0; i < portStart; i++) {
                char c = host.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '.' || c == '_')) {
                    return false;
                }
            }
        }
        if (portStart == host.length()) {
            return true;
        }
        if (host.charAt(portStart) != ':') {
            return false;
        }
        int digits = host.length() - portStart - 1;
        if (digits == 0 || digits > 5) {
            return false;
        }
        int port = 0;
        for (int i = portStart + 1; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }
}
