package dev.lindy.netty.internal;

import dev.lindy.Settings;
import dev.lindy.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * When and how the server compresses a response: gzip or deflate as the client's {@code Accept-Encoding}
 * prefers, for a compressible type, a whole body over the threshold or a stream; never a range, a body that
 * already has a coding, an answer without a body, or a HEAD. Files sent from disk are never compressed
 * here: they go out zero-copy, and a precompressed sibling serves instead.
 */
final class Compression {
    private final boolean on;
    private final int minBytes;
    private final List<String> types;

    Compression(Settings settings) {
        this.on = settings.compression();
        this.minBytes = settings.compressionMinBytes();
        this.types = settings.compressibleTypes();
    }

    /**
     * Chooses the coding of a response.
     *
     * @param acceptEncoding the request's Accept-Encoding, or null
     * @param head true for a HEAD request
     * @param status the response's status
     * @param headers the response's headers
     * @param length the body's length, or -1 for a stream
     * @return {@code gzip}, {@code deflate}, or null to send it as it is
     */
    String choose(String acceptEncoding, boolean head, int status, Headers headers, long length) {
        if (!on || head || acceptEncoding == null || status < 200 || status == 204 || status == 206 || status == 304
                || (length >= 0 && length < minBytes) || headers.has("Content-Encoding") || headers.has("Content-Range")
                || (length < 0 && headers.has("Content-Length")) || !compressible(headers.get("Content-Type"))) {
            return null;
        }
        return negotiate(acceptEncoding);
    }

    private boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        for (String t : types) {
            boolean match = t.startsWith("+") ? type.endsWith(t)
                    : t.endsWith("/*") ? type.startsWith(t.substring(0, t.length() - 1)) : type.equals(t);
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** Picks gzip or deflate from an Accept-Encoding by their weights (RFC 9110 12.5.3); null for neither. */
    static String negotiate(String acceptEncoding) {
        double gzip = -1;
        double deflate = -1;
        double any = -1;
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.split(";");
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = q;
            } else if (coding.equals("deflate")) {
                deflate = q;
            } else if (coding.equals("*")) {
                any = q;
            }
        }
        gzip = gzip < 0 ? any : gzip;
        deflate = deflate < 0 ? any : deflate;
        if (gzip > 0 && gzip >= deflate) {
            return "gzip";
        }
        return deflate > 0 ? "deflate" : null;
    }

    /** Compresses a whole body. */
    static byte[] compress(byte[] body, String coding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 3));
        try (DeflaterOutputStream z = coding.equals("gzip") ? new GZIPOutputStream(out, 8192)
                : new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION), 8192)) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
