package dev.lindy.internal;

import java.util.List;
import java.util.Locale;

/**
 * The rules of RFC 9112 a request head must keep before its body is read, for hosts whose parser lets
 * them through: one valid {@code Host} (required on HTTP/1.1), and {@code chunked} as the only transfer
 * coding, final, never beside a Content-Length and never on HTTP/1.0. A head that breaks one is refused and
 * its connection closed: its framing cannot be trusted.
 */
public final class HeadChecks {
    private HeadChecks() {
    }

    /**
     * Why a head is refused.
     *
     * @param status 400, or 501 for a transfer coding the server does not implement
     * @param reason a one-line reason for the client
     */
    public record Refusal(int status, String reason) {
    }

    /**
     * Checks a request's head.
     *
     * @param http11 true for HTTP/1.1, false for HTTP/1.0
     * @param hosts the values of its Host fields
     * @param transferEncodings the values of its Transfer-Encoding fields
     * @param contentLength true if it has a Content-Length
     * @return the refusal, or null when the head keeps the rules
     */
    public static Refusal check(boolean http11, List<String> hosts, List<String> transferEncodings, boolean contentLength) {
        if (hosts.size() > 1) {
            return new Refusal(400, "A request carries one Host header, not " + hosts.size() + ".");
        }
        if (hosts.isEmpty() ? http11 : !Hosts.isValid(hosts.get(0))) {
            return new Refusal(400, hosts.isEmpty() ? "An HTTP/1.1 request needs a Host header." : "The Host header is invalid.");
        }
        if (transferEncodings.isEmpty()) {
            return null;
        }
        if (!http11) {
            return new Refusal(400, "Transfer-Encoding is not part of HTTP/1.0.");
        }
        if (contentLength) {
            return new Refusal(400, "A request is framed by Content-Length or by Transfer-Encoding, not both.");
        }
        String[] codings = String.join(",", transferEncodings).split(",", -1);
        for (int i = 0; i < codings.length; i++) {
            String coding = codings[i].trim().toLowerCase(Locale.ROOT);
            boolean last = i == codings.length - 1;
            if (coding.equals("chunked") ? !last : last) {
                // RFC 9112 6.3: without chunked last, and once, the body's length is unknown.
                return new Refusal(400, "chunked must be the last transfer coding, and come once.");
            }
            if (!coding.equals("chunked")) {
                return coding.isEmpty() ? new Refusal(400, "The Transfer-Encoding header has an empty coding.")
                        : new Refusal(501, "This server reads no transfer coding but chunked, not " + coding + ".");
            }
        }
        return null;
    }
}
