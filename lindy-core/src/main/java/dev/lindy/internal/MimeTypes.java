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
            Map.entry("sse", "text/event-stream"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("map", "application/json"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("wav", "audio/wav"),
            Map.entry("avif", "image/avif"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("tar", "application/x-tar"),
            Map.entry("webmanifest", "application/manifest+json"));

    private MimeTypes() {
    }

    /**
     * Returns the media type of a file by its extension.
     *
     * @param fileName the file's name
     * @return the media type; {@code application/octet-stream} for an unknown extension
     */
    public static String forFile(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String known = dot < 0 ? null : SHORT.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
        return known != null ? known : "application/octet-stream";
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
