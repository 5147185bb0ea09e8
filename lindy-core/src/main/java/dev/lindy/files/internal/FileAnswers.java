package dev.lindy.files.internal;

import dev.lindy.http.FileBody;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Answers a request for a file or for bytes the way a file server does (RFC 9110): {@code ETag} and
 * {@code Last-Modified}, {@code 304} for {@code If-None-Match} and {@code If-Modified-Since}, one byte range
 * ({@code 206}, or {@code 416} when it lies past the end; several ranges get the whole), {@code If-Range},
 * a precompressed sibling ({@code .br}, {@code .gz}) for a client that takes it, and
 * {@code Content-Disposition} for a download. Reads the disk: call it off the event loop.
 */
public final class FileAnswers {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private FileAnswers() {
    }

    /**
     * What to send besides the bytes.
     *
     * @param contentType the media type
     * @param cacheControl the Cache-Control header, or null
     * @param downloadName a name to save the file as (an attachment), or null to show it inline
     * @param siblingsRoot where {@code .br} and {@code .gz} siblings may be taken from (the real public
     *     directory: a sibling that leads out of it is ignored), or null to send the file itself
     */
    public record Options(String contentType, String cacheControl, String downloadName, Path siblingsRoot) {
    }

    /**
     * Answers with a file.
     *
     * @param request the request
     * @param file the file
     * @param options what to send with it
     * @return the response (holding the open file when it has a body), or null when the path is no regular file
     * @throws IOException if the file cannot be read
     */
    public static Response file(Request request, Path file, Options options) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String encoding = null;
        Path chosen = file;
        if (options.siblingsRoot() != null) {
            String accepted = String.valueOf(request.header("Accept-Encoding")).toLowerCase(Locale.ROOT);
            for (String[] variant : new String[][] {{"br", ".br"}, {"gzip", ".gz"}}) {
                Path sibling = file.resolveSibling(file.getFileName() + variant[1]);
                if (accepts(accepted, variant[0]) && within(sibling, options.siblingsRoot())) {
                    encoding = variant[0];
                    chosen = sibling;
                    break;
                }
            }
        }
        Opened opened = open(chosen);
        if (opened == null) {
            return null;
        }
        boolean keep = false;
        try {
            Response r = answer(request, options, opened, encoding);
            keep = r.file() != null;
            return r;
        } finally {
            if (!keep) {
                opened.channel.close();
            }
        }
    }

    private static Response answer(Request request, Options options, Opened opened, String encoding) {
        long size = opened.size;
        Instant modified = opened.modified;
        String etag = "\"" + Long.toHexString(modified.toEpochMilli()) + "-" + Long.toHexString(size)
                + (opened.identity == null ? "" : "-" + Integer.toHexString(opened.identity.hashCode()))
                + (encoding == null ? "" : "-" + encoding) + "\"";
        Headers.Builder h = headers(options, etag);
        h.add("Last-Modified", HTTP_DATE.format(modified));
        if (options.siblingsRoot() != null) {
            h.add("Vary", "Accept-Encoding");
        }
        if (encoding != null) {
            h.add("Content-Encoding", encoding);
        }
        Response notModified = notModified(request, etag, modified, h);
        if (notModified != null) {
            return notModified;
        }
        long[] range = encoding == null ? range(request, etag, modified, size) : null;
        if (range != null && range.length == 0) {
            return Response.of(416, h.add("Content-Range", "bytes */" + size).build(), new byte[0]);
        }
        long start = range == null ? 0 : range[0];
        long length = range == null ? size : range[1] - range[0] + 1;
        int status = range == null ? 200 : 206;
        if (range != null) {
            h.add("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size);
        }
        if (request.method().equals(Method.HEAD)) {
            return Response.of(status, h.add("Content-Length", String.valueOf(length)).build(), new byte[0]);
        }
        return Response.file(status, h.build(), FileBody.of(opened.path, opened.channel, start, length));
    }

    /** A file opened, and what it was when opened: size, time and identity all of the bytes sent. */
    private static final class Opened {
        final Path path;
        final FileChannel channel;
        final long size;
        final Instant modified;
        final Object identity;

        Opened(Path path, FileChannel channel, BasicFileAttributes attributes) {
            this.path = path;
            this.channel = channel;
            this.size = attributes.size();
            this.modified = attributes.lastModifiedTime().toInstant();
            this.identity = attributes.fileKey();
        }
    }

    // The file is opened first and described after: the same before and after opening, it is the file
    // whose bytes the channel reads. A file swapped in between (an atomic rename) is tried again.
    private static Opened open(Path path) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            BasicFileAttributes before;
            FileChannel channel;
            try {
                before = Files.readAttributes(path, BasicFileAttributes.class);
                channel = FileChannel.open(path, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return null;
            }
            BasicFileAttributes after;
            try {
                after = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (IOException e) {
                channel.close();
                if (e instanceof NoSuchFileException) {
                    return null;
                }
                throw e;
            }
            if (after.isRegularFile() && same(before, after) && channel.size() == after.size()) {
                return new Opened(path, channel, after);
            }
            channel.close();
        }
        throw new IOException(path + " kept changing while it was opened");
    }

    private static boolean same(BasicFileAttributes a, BasicFileAttributes b) {
        return a.size() == b.size() && a.lastModifiedTime().equals(b.lastModifiedTime())
                && java.util.Objects.equals(a.fileKey(), b.fileKey());
    }

    private static boolean within(Path sibling, Path root) {
        try {
            return Files.isRegularFile(sibling) && sibling.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Answers with bytes held in memory, as for a file: an ETag from their checksum, ranges, downloads.
     *
     * @param request the request
     * @param bytes the bytes
     * @param options what to send with them
     * @return the response
     */
    public static Response bytes(Request request, byte[] bytes, Options options) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        String etag = "\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(bytes.length) + "\"";
        Headers.Builder h = headers(options, etag);
        Response notModified = notModified(request, etag, null, h);
        if (notModified != null) {
            return notModified;
        }
        long[] range = range(request, etag, null, bytes.length);
        if (range != null && range.length == 0) {
            return Response.of(416, h.add("Content-Range", "bytes */" + bytes.length).build(), new byte[0]);
        }
        if (range == null) {
            return Response.of(200, h.build(), bytes);
        }
        h.add("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + bytes.length);
        return Response.of(206, h.build(), Arrays.copyOfRange(bytes, (int) range[0], (int) range[1] + 1));
    }

    private static Headers.Builder headers(Options options, String etag) {
        Headers.Builder h = Headers.builder().add("Content-Type", options.contentType()).add("ETag", etag)
                .add("Accept-Ranges", "bytes");
        if (options.cacheControl() != null) {
            h.add("Cache-Control", options.cacheControl());
        }
        if (options.downloadName() != null) {
            h.add("Content-Disposition", disposition(options.downloadName()));
        }
        return h;
    }

    private static Response notModified(Request request, String etag, Instant modified, Headers.Builder h) {
        if (!request.method().equals(Method.GET) && !request.method().equals(Method.HEAD)) {
            return null;
        }
        String noneMatch = request.header("If-None-Match");
        boolean fresh;
        if (noneMatch != null) {
            fresh = matches(noneMatch, etag);
        } else {
            Instant since = date(request.header("If-Modified-Since"));
            fresh = since != null && modified != null && modified.getEpochSecond() <= since.getEpochSecond();
        }
        return fresh ? Response.of(304, h.build(), new byte[0]) : null;
    }

    // The range to send: null for the whole, an empty array when it lies past the end (416).
    private static long[] range(Request request, String etag, Instant modified, long size) {
        String header = request.header("Range");
        if (header == null || !request.method().equals(Method.GET) || !header.startsWith("bytes=")) {
            return null;
        }
        String ifRange = request.header("If-Range");
        if (ifRange != null && !ifRange.equals(etag)) {
            Instant date = date(ifRange);
            if (date == null || modified == null || modified.getEpochSecond() != date.getEpochSecond()) {
                return null;
            }
        }
        String spec = header.substring("bytes=".length()).trim();
        if (spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            if (!digits(first) || !digits(last) || (first.isEmpty() && last.isEmpty())) {
                // Not a byte range (RFC 9110 14.1.2): the Range header is ignored.
                return null;
            }
            long start;
            long end;
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    return new long[0];
                }
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = Long.parseLong(first);
                if (start >= size) {
                    return new long[0];
                }
                long given = last.isEmpty() ? size - 1 : Long.parseLong(last);
                if (given < start) {
                    return null;
                }
                end = Math.min(given, size - 1);
            }
            if (start < 0) {
                return null;
            }
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return s.length() <= 18;
    }

    private static boolean matches(String noneMatch, String etag) {
        for (String tag : noneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static Instant date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean accepts(String acceptEncoding, String coding) {
        for (String part : acceptEncoding.split(",")) {
            String[] bits = part.trim().split(";");
            if (bits[0].trim().equals(coding)) {
                return bits.length < 2 || !bits[1].replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    /** RFC 6266: an ASCII fallback name, and the real name in UTF-8 (RFC 8187) for clients that read it. */
    static String disposition(String name) {
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
