package dev.lindy.test.internal;

import dev.lindy.http.Headers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The cookies a test client keeps between calls: set by Set-Cookie, sent back in Cookie. */
public final class CookieJar {
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** Creates an empty jar. */
    public CookieJar() {
    }

    /**
     * Takes the cookies a response sets; a cookie with {@code Max-Age=0} or an empty value is removed.
     *
     * @param headers the response headers
     */
    public synchronized void receive(Headers headers) {
        for (String line : headers.all("Set-Cookie")) {
            String[] parts = line.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            boolean expired = value.isEmpty();
            for (int i = 1; i < parts.length; i++) {
                String attr = parts[i].trim().toLowerCase(Locale.ROOT);
                if (attr.equals("max-age=0") || attr.startsWith("max-age=-")) {
                    expired = true;
                }
            }
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    /**
     * Returns the Cookie header value to send.
     *
     * @return the header value, or null when the jar is empty
     */
    public synchronized String header() {
        if (cookies.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        cookies.forEach((n, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(n).append('=').append(v));
        return sb.toString();
    }

    /**
     * Returns a copy of the cookies.
     *
     * @return name to value
     */
    public synchronized Map<String, String> snapshot() {
        return new LinkedHashMap<>(cookies);
    }
}
