package dev.lindy.netty.internal;

import dev.lindy.Settings;
import dev.lindy.http.Headers;
import dev.lindy.http.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * When and how the server compresses a response: in the coding the client's {@code Accept-Encoding}
 * prefers among the server's {@link Codings}, for a compressible type, a whole body over the threshold or a
 * stream; never a range, a body that already has a coding, or an answer without a body. A HEAD is chosen
 * for as its GET is, so its headers are the GET's. Files sent from disk are never compressed here: they go
 * out zero-copy, and a precompressed sibling serves instead.
 */
final class Compression {
    private static final Pattern Q_VALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

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
     * @param status the response's status
     * @param headers the response's headers
     * @param length the body's length, or -1 for a stream
     * @return the coding ({@code br}, {@code zstd}, {@code gzip} or {@code deflate}), or null to send it as it is
     */
    String choose(String acceptEncoding, int status, Headers headers, long length) {
        // 205 carries no content either (RFC 9110 15.3.6).
        if (!on || acceptEncoding == null || Status.forbidsBody(status) || status == 205 || status == 206
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

    /**
     * Picks the coding an Accept-Encoding weighs highest among those the server has (RFC 9110 12.5.3), the
     * server's order breaking ties; {@code *} stands for every coding not named.
     *
     * @param acceptEncoding the header's value
     * @return the coding, or null for none
     */
    static String negotiate(String acceptEncoding) {
        return negotiate(acceptEncoding, Codings.available());
    }

    static String negotiate(String acceptEncoding, List<String> available) {
        double[] weights = new double[available.size()];
        Arrays.fill(weights, -1);
        double any = -1;
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.split(";");
            if (pieces.length == 0) {
                continue;
            }
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    q = weight(p.substring(2));
                }
            }
            if (coding.equals("*")) {
                any = q;
            }
            int i = available.indexOf(coding.equals("x-gzip") ? "gzip" : coding);
            if (i >= 0) {
                weights[i] = q;
            }
        }
        String best = null;
        double bestWeight = 0;
        for (int i = 0; i < weights.length; i++) {
            double w = weights[i] < 0 ? any : weights[i];
            if (w > bestWeight) {
                best = available.get(i);
                bestWeight = w;
            }
        }
        return best;
    }

    // RFC 9110 12.4.2: "0" to "1" with at most three decimals; anything else refuses the coding.
    private static double weight(String q) {
        return Q_VALUE.matcher(q).matches() ? Double.parseDouble(q) : 0;
    }
}
