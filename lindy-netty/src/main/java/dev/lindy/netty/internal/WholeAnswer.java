package dev.lindy.netty.internal;

import dev.lindy.http.Headers;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.http.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole answer as it leaves the server: the bytes of an HTTP/1.x answer (status line, fields, body), or the
 * header block of an HTTP/2 one, made straight from the app's headers with the server's own fields in place
 * of the app's: {@code Transfer-Encoding} dropped, {@code Content-Length}, {@code Content-Encoding},
 * {@code Date} and (HTTP/1) {@code Connection} set, {@code Vary} and a weak {@code ETag} for a compressed body.
 * Going through Netty's response and header objects would copy every field once more and allocate a hash
 * table per answer, the largest part of what an answer cost.
 */
final class WholeAnswer {
    // A body up to this size is copied behind the head, so that one buffer (one TLS record) carries both.
    private static final int COPIED_BODY = 8 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] SEPARATOR = {':', ' '};

    /** The app's {@code Content-Length} is kept as it is: the answer to a HEAD request names its GET's length. */
    static final long APPS_LENGTH = -2;
    /** No {@code Content-Length}: the status forbids a body. */
    static final long NO_LENGTH = -1;

    private static final Logger LOG = LoggerFactory.getLogger(WholeAnswer.class);

    private WholeAnswer() {
    }

    /**
     * A whole answer's body as it is sent, on either protocol.
     *
     * @param coding the content coding it was compressed with, or null
     * @param length the {@code Content-Length} to send, {@link #APPS_LENGTH} or {@link #NO_LENGTH}
     * @param sent the bytes to send, or null when the answer has no body (its status forbids one, 205, HEAD)
     */
    record Body(String coding, long length, byte[] sent) {
    }

    /**
     * Prepares the body of an app's whole answer: compressed when the client and the settings agree, its length
     * decided by its status and the request's method.
     *
     * @param compression the listener's compression choice
     * @param request the request answered
     * @param head whether the request is a HEAD
     * @param response the app's answer
     */
    static Body body(Compression compression, Request request, boolean head, Response response) {
        int status = response.status();
        boolean noBody = Status.forbidsBody(status);
        byte[] body = response.body();
        // HEAD is chosen for as GET is, so its headers (Content-Encoding, Content-Length, Vary) are GET's.
        String coding = compression.choose(request.header("Accept-Encoding"), status, response.headers(), body.length);
        if (coding != null) {
            try {
                body = StreamCompressor.whole(body, coding);
            } catch (RuntimeException e) {
                // Sent as it is rather than not at all.
                LOG.warn("could not compress an answer with {}; sent it uncompressed", coding, e);
                coding = null;
            }
        }
        long length;
        if (noBody) {
            length = NO_LENGTH;
        } else if (status == 205) {
            // Reset Content has no body; it says so with a zero length (RFC 9110 15.3.6).
            length = 0;
        } else if (head && coding == null && response.headers().has("Content-Length")) {
            length = APPS_LENGTH;
        } else {
            length = body.length;
        }
        return new Body(coding, length, noBody || head || status == 205 ? null : body);
    }

    /**
     * Encodes an answer into a buffer of its own.
     *
     * @param alloc the connection's allocator
     * @param version the request's version, which the status line repeats
     * @param status the status code
     * @param headers the app's fields
     * @param coding the content coding the body was compressed with, or null
     * @param length the {@code Content-Length} to send, {@link #APPS_LENGTH} or {@link #NO_LENGTH}
     * @param connection the {@code Connection} field's value, or null to leave the app's
     * @param date the {@code Date} field's value
     * @param body the body to send, or null for none
     * @return the bytes, head and body, one buffer or two
     */
    static ByteBuf encode(ByteBufAllocator alloc, HttpVersion version, int status, Headers headers, String coding,
            long length, String connection, String date, byte[] body) {
        ByteBuf out = alloc.buffer(size(headers, body));
        ByteBuf rest;
        try {
            rest = encode(out, version, status, headers, coding, length, connection, date, body);
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
        return rest == null ? out : Unpooled.wrappedUnmodifiableBuffer(out, rest);
    }

    /**
     * Encodes an answer behind the bytes a buffer holds already, the answers before it on the connection:
     * its head, and its body when that is small.
     *
     * @param out the buffer, which grows as needed; left as it was should encoding fail
     * @param version the request's version, which the status line repeats
     * @param status the status code
     * @param headers the app's fields
     * @param coding the content coding the body was compressed with, or null
     * @param length the {@code Content-Length} to send, {@link #APPS_LENGTH} or {@link #NO_LENGTH}
     * @param connection the {@code Connection} field's value, or null to leave the app's
     * @param date the {@code Date} field's value
     * @param body the body to send, or null for none
     * @return the body, to be sent right after {@code out}, when it was too large to copy; otherwise null
     */
    static ByteBuf encode(ByteBuf out, HttpVersion version, int status, Headers headers, String coding,
            long length, String connection, String date, byte[] body) {
        int mark = out.writerIndex();
        try {
            out.ensureWritable(size(headers, body));
            head(out, version, status, headers, coding, length, connection, date);
            if (body == null) {
                return null;
            }
            if (body.length <= COPIED_BODY) {
                out.writeBytes(body);
                return null;
            }
        } catch (RuntimeException | Error e) {
            // The bytes before belong to other answers: none of this one's may follow them.
            out.writerIndex(mark);
            throw e;
        }
        return Unpooled.wrappedBuffer(body);
    }

    private static void head(ByteBuf out, HttpVersion version, int status, Headers headers, String coding,
            long length, String connection, String date) {
        String reason = Status.reason(status);
        ByteBufUtil.writeAscii(out, version.text());
        out.writeByte(' ');
        out.writeByte('0' + status / 100).writeByte('0' + status / 10 % 10).writeByte('0' + status % 10);
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, reason);
        out.writeBytes(CRLF);
        boolean varies = false;
        for (int i = 0, n = headers.size(); i < n; i++) {
            String name = headers.name(i);
            String value = headers.value(i);
            if (replaced(name, coding, length, connection)) {
                continue;
            }
            if (coding != null) {
                value = compressedValue(name, value);
                varies |= variesOnCoding(name, value);
            }
            field(out, name, value);
        }
        if (coding != null) {
            field(out, "content-encoding", coding);
            if (!varies) {
                field(out, "vary", "Accept-Encoding");
            }
        }
        if (length >= 0) {
            ByteBufUtil.writeAscii(out, "content-length: ");
            ByteBufUtil.writeAscii(out, Long.toString(length));
            out.writeBytes(CRLF);
        }
        field(out, "date", date);
        if (connection != null) {
            field(out, "connection", connection);
        }
        out.writeBytes(CRLF);
    }

    /**
     * Makes the header block of an HTTP/2 answer: names in lower case, as HTTP/2 requires, and no field that
     * is about an HTTP/1 connection (RFC 9113 8.2.2): not {@code Connection} nor the fields it names,
     * {@code Keep-Alive}, {@code Proxy-Connection}, {@code Transfer-Encoding}, {@code Upgrade} or
     * {@code Host}, and {@code TE} only as {@code trailers}.
     *
     * @param status the status code
     * @param headers the app's fields
     * @param coding the content coding the body was compressed with, or null
     * @param length the {@code content-length} to send, {@link #APPS_LENGTH} or {@link #NO_LENGTH}
     * @param date the {@code date} field's value
     * @return the header block
     */
    static Http2Headers http2(int status, Headers headers, String coding, long length, String date) {
        Http2Headers out = new DefaultHttp2Headers(false, headers.size() + 4);
        out.status(HttpResponseStatus.valueOf(status).codeAsText());
        // The fields a Connection field names are about the HTTP/1 connection too.
        String nominated = headers.has("Connection") ? String.join(",", headers.all("Connection")) : null;
        boolean varies = false;
        boolean trailers = false;
        for (int i = 0, n = headers.size(); i < n; i++) {
            String name = headers.name(i);
            String value = headers.value(i);
            if (replaced(name, coding, length, "") || connectionSpecific(name)
                    || (nominated != null && lists(nominated, name))) {
                continue;
            }
            if (name.equalsIgnoreCase("TE")) {
                trailers |= lists(value, "trailers");
                continue;
            }
            if (coding != null) {
                value = compressedValue(name, value);
                varies |= variesOnCoding(name, value);
            }
            out.add(name.toLowerCase(Locale.ROOT), value);
        }
        if (coding != null) {
            out.add("content-encoding", coding);
            if (!varies) {
                out.add("vary", "Accept-Encoding");
            }
        }
        if (trailers) {
            out.add(HttpHeaderNames.TE, "trailers");
        }
        if (length >= 0) {
            out.addLong(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        out.add(HttpHeaderNames.DATE, date);
        return out;
    }

    // A compressed body is another representation: a strong validator must not name both (RFC 9110 8.8.1), or
    // If-Range could splice identity bytes into a compressed copy.
    private static String compressedValue(String name, String value) {
        return name.equalsIgnoreCase("ETag") && !value.startsWith("W/") ? "W/" + value : value;
    }

    private static boolean variesOnCoding(String name, String value) {
        return name.equalsIgnoreCase("Vary") && lists(value, "Accept-Encoding");
    }

    private static boolean connectionSpecific(String name) {
        return name.equalsIgnoreCase("Keep-Alive") || name.equalsIgnoreCase("Proxy-Connection")
                || name.equalsIgnoreCase("Upgrade") || name.equalsIgnoreCase("Host");
    }

    // The app's field is left out when the server sends its own of that name.
    private static boolean replaced(String name, String coding, long length, String connection) {
        switch (name.length()) {
            case 4:
                return name.equalsIgnoreCase("Date");
            case 10:
                return connection != null && name.equalsIgnoreCase("Connection");
            case 14:
                return length != APPS_LENGTH && name.equalsIgnoreCase("Content-Length");
            case 16:
                return coding != null && name.equalsIgnoreCase("Content-Encoding");
            case 17:
                return name.equalsIgnoreCase("Transfer-Encoding");
            default:
                return false;
        }
    }

    /** Tells whether a comma-separated list names an element, ignoring case and the spaces around it. */
    static boolean lists(String list, String element) {
        int start = 0;
        while (start <= list.length()) {
            int end = list.indexOf(',', start);
            if (end < 0) {
                end = list.length();
            }
            int from = start;
            int to = end;
            while (from < to && (list.charAt(from) == ' ' || list.charAt(from) == '\t')) {
                from++;
            }
            while (to > from && (list.charAt(to - 1) == ' ' || list.charAt(to - 1) == '\t')) {
                to--;
            }
            if (to - from == element.length() && list.regionMatches(true, from, element, 0, element.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static void field(ByteBuf out, String name, String value) {
        ByteBufUtil.writeAscii(out, name);
        out.writeBytes(SEPARATOR);
        ByteBufUtil.writeAscii(out, value);
        out.writeBytes(CRLF);
    }

    // Room for the head, the server's own fields besides the app's, and a body small enough to be copied.
    private static int size(Headers headers, byte[] body) {
        int bytes = 224 + (body != null && body.length <= COPIED_BODY ? body.length : 0);
        for (int i = 0, n = headers.size(); i < n; i++) {
            bytes += headers.name(i).length() + headers.value(i).length() + 4;
        }
        return bytes;
    }
}
