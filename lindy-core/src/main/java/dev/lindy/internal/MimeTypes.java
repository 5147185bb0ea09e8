package dev.lindy.internal;

import java.util.Locale;
import java.util.Map;

/** Short names for common media types, as {@code content_type 'json'} allows in Dancer. */
public final class MimeTypes {
    private static final Map<String, String> SHORT = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("text", "text/plain; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("xml", "application/xml"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("bin", "application/octet-stream"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("sse", "text/event-stream"));

    private MimeTypes() {
    }

    /**
     * Resolves a media type or short name; text types without a charset get UTF-8.
     *
     * @param type a media type such as {@code text/plain}, or a short name such as {@code json}
     * @return the media type
     * @throws IllegalArgumentException for an unknown short name
     */
    public static String resolve(String type) {
        if (type.indexOf('/') >= 0) {
            if (type.startsWith("text/") && !type.toLowerCase(Locale.ROOT).contains("charset")) {
                return type + "; charset=utf-8";
            }
            return type;
        }
        String known = SHORT.get(type.toLowerCase(Locale.ROOT));
        if (known == null) {
            throw new IllegalArgumentException("unknown content type short name: " + type
                    + " (give a media type such as application/x-" + type + ")");
        }
        return known;
    }
}
