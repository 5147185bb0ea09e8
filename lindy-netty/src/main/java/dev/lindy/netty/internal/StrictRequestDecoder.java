package dev.lindy.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import java.util.List;

/**
 * A request decoder stricter than Netty's: it refuses a message framed by both Content-Length and
 * Transfer-Encoding (the classic request-smuggling shape) instead of quietly preferring one of them, a
 * header line folded onto the one before (obsolete since RFC 7230, and read differently by different
 * servers), and a version that is not {@code HTTP/1.x}: another major version is a 505, garbage a 400;
 * {@code HTTP/1.2} and later minors are served as HTTP/1.1.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
    private final ConnectionHandler connection;
    // Whether the bytes to come start a request's head, and whether the last byte of the head read so far
    // ended a line: a line that then starts with a space or a tab is a fold.
    private boolean inHead = true;
    private boolean headStarted;
    private boolean afterLineFeed;
    private boolean refused;

    StrictRequestDecoder(HttpDecoderConfig config, ConnectionHandler connection) {
        super(config);
        this.connection = connection;
    }

    // Tells the connection when a request's bytes start, for the header timeout.
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        connection.bytesArrived();
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (refused || (inHead && folded(buffer))) {
            // Refused: nothing more is read from this connection, which closes after the 400.
            buffer.skipBytes(buffer.readableBytes());
            if (!refused) {
                refused = true;
                out.add(new Folded());
            }
            return;
        }
        int before = out.size();
        int start = buffer.readerIndex();
        super.decode(ctx, buffer, out);
        int end = buffer.readerIndex();
        if (inHead && end > start) {
            headStarted |= buffer.forEachByte(start, end - start, ByteProcessor.FIND_NON_CRLF) >= 0;
            afterLineFeed = buffer.getByte(end - 1) == '\n';
        }
        for (int i = before; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpRequest) {
                inHead = false;
            }
            if (o instanceof LastHttpContent) {
                inHead = true;
                headStarted = false;
                afterLineFeed = false;
            }
        }
    }

    // Looks through the head's bytes not yet read for a line that starts with a space or a tab, up to the
    // empty line that ends the head. Only the byte after each line feed matters, and indexOf finds those
    // several bytes at a time.
    private boolean folded(ByteBuf buffer) {
        int end = buffer.writerIndex();
        int i = buffer.readerIndex();
        boolean lineFeed = afterLineFeed;
        if (!headStarted) {
            // Line breaks before a request line are skipped; the request line's first byte is no fold.
            i = buffer.forEachByte(i, end - i, ByteProcessor.FIND_NON_CRLF);
            if (i < 0) {
                return false;
            }
            lineFeed = false;
        }
        while (i < end) {
            if (lineFeed) {
                byte b = buffer.getByte(i);
                if (b == ' ' || b == '\t') {
                    return true;
                }
                if (b == '\r' || b == '\n') {
                    return false;
                }
            }
            int next = buffer.indexOf(i, end, (byte) '\n');
            if (next < 0) {
                return false;
            }
            lineFeed = true;
            i = next + 1;
        }
        return false;
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        initialLine[2] = version(initialLine[2]);
        return super.createMessage(initialLine);
    }

    /** Reads a request line's version: HTTP/1.0, or HTTP/1.1 for any later minor. */
    static String version(String version) {
        if (version.length() != 8 || !version.startsWith("HTTP/") || !Character.isDigit(version.charAt(5))
                || version.charAt(6) != '.' || !Character.isDigit(version.charAt(7))) {
            throw new IllegalArgumentException("the request line's version is malformed: " + version);
        }
        if (version.charAt(5) != '1') {
            throw new VersionNotSupported(version);
        }
        return version.charAt(7) == '0' ? "HTTP/1.0" : "HTTP/1.1";
    }

    /** A version of HTTP other than 1.x on an HTTP/1 connection. */
    static final class VersionNotSupported extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        VersionNotSupported(String version) {
            super(version + " is not spoken on this connection");
        }
    }

    /** A head with a folded header line: refused with a 400. */
    static final class Folded {
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding are present");
    }
}
