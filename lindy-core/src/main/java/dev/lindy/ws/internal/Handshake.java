package dev.lindy.ws.internal;

import dev.lindy.HttpException;
import dev.lindy.http.Request;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Checks a WebSocket upgrade request before a host answers it (RFC 6455, section 4.2.1), and refuses
 * a browser's upgrade from another site's page: cross-site WebSocket hijacking would otherwise ride on the
 * visitor's cookies.
 */
public final class Handshake {
    private Handshake() {
    }

    /**
     * Tells whether a request asks to upgrade to WebSocket at all.
     *
     * @param request the request
     * @return true when its {@code Upgrade} header names {@code websocket}
     */
    public static boolean isUpgrade(Request request) {
        String upgrade = request.header("Upgrade");
        return upgrade != null && hasToken(upgrade, "websocket");
    }

    /**
     * Checks an upgrade request.
     *
     * @param request the request
     * @param ownOrigin the app's own origin as the request reaches it, such as {@code https://example.com}
     * @param allowed other origins allowed, or {@code *}
     * @throws HttpException 426 when it does not ask for WebSocket version 13, 400 when it is malformed, 403
     *     when a page of another origin asks
     */
    public static void check(Request request, String ownOrigin, List<String> allowed) {
        if (!isUpgrade(request) || !hasToken(String.valueOf(request.header("Connection")), "upgrade")) {
            throw new HttpException(426, "This path speaks WebSocket only: ask with Upgrade: websocket.");
        }
        if (!"13".equals(trim(request.header("Sec-WebSocket-Version")))) {
            throw new HttpException(426, "Only WebSocket version 13 is spoken here (Sec-WebSocket-Version: 13).");
        }
        String key = trim(request.header("Sec-WebSocket-Key"));
        if (key == null || !isKey(key)) {
            throw new HttpException(400, "The WebSocket key is missing or malformed.");
        }
        String origin = trim(request.header("Origin"));
        // Only browsers send Origin, and only a browser can be tricked into a cross-site socket.
        if (origin != null && !allowed.contains("*") && !normal(origin).equals(normal(ownOrigin))
                && allowed.stream().noneMatch(a -> normal(a).equals(normal(origin)))) {
            throw new HttpException(403, "WebSockets of this app may not be opened from " + origin + ".");
        }
    }

    // Origins compare without case and without the scheme's default port.
    private static String normal(String origin) {
        String o = origin.toLowerCase(Locale.ROOT);
        if (o.startsWith("http://") && o.endsWith(":80")) {
            return o.substring(0, o.length() - 3);
        }
        if (o.startsWith("https://") && o.endsWith(":443")) {
            return o.substring(0, o.length() - 4);
        }
        return o;
    }

    private static boolean isKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean hasToken(String header, String token) {
        for (String part : header.split(",")) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
