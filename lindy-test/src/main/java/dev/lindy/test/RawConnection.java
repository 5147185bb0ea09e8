package dev.lindy.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.x connection to a real host, for what a well-behaved client cannot send: malformed targets,
 * pipelined requests, a client that stops reading. It writes bytes exactly as given and parses answers
 * strictly; a chunked body cut short is an {@link IOException}.
 *
 * <pre>{@code
 * try (RawConnection c = RawConnection.to(host)) {
 *     assertEquals(400, c.send("GET /?a=%zz HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
 * }
 * }</pre>
 */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * Connects to a host's real server.
     *
     * @param host a host with a socket (not in process)
     * @return the open connection
     * @throws IOException if it cannot connect
     */
    public static RawConnection to(TestHost host) throws IOException {
        Assumptions.assumeFalse(host.isTls(), "raw HTTP/1.1 bytes need a clear-text connection");
        return new RawConnection(new Socket("127.0.0.1", host.port()));
    }

    /**
     * Connects with a small receive buffer, as a client on a slow link would have.
     *
     * @param host a host with a socket
     * @param receiveBufferBytes the socket's receive buffer, set before connecting
     * @return the open connection
     * @throws IOException if it cannot connect
     */
    public static RawConnection slow(TestHost host, int receiveBufferBytes) throws IOException {
        Assumptions.assumeFalse(host.isTls(), "raw HTTP/1.1 bytes need a clear-text connection");
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBufferBytes);
        s.connect(new InetSocketAddress("127.0.0.1", host.port()), 10_000);
        return new RawConnection(s);
    }

    /**
     * Writes bytes exactly as given (ISO-8859-1).
     *
     * @param raw the request bytes, CRLFs and all
     * @return this connection
     * @throws IOException if the write fails
     */
    public RawConnection send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /**
     * Reads one response: status line, headers and the body as its framing says.
     *
     * @return the response
     * @throws IOException if the connection closes first or the framing is broken
     */
    public Response read() throws IOException {
        return read(false);
    }

    /**
     * Reads one response to a HEAD request: no body whatever the headers say.
     *
     * @return the response
     * @throws IOException if the connection closes first
     */
    public Response readHead() throws IOException {
        return read(true);
    }

    private Response read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the server closed the connection");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = readHeaders();
        String body;
        if (head || status < 200 || status == 204 || status == 304) {
            body = "";
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked();
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new IOException("the body ended after " + bytes.length + " of " + length + " bytes");
            }
            body = new String(bytes, StandardCharsets.UTF_8);
        } else {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Response(statusLine, status, headers, body);
    }

    /**
     * Reads a response's status line and headers only, leaving its body unread.
     *
     * @return the head, with an empty body
     * @throws IOException if the connection closes first
     */
    public Response readHeadOnly() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the server closed the connection");
        }
        return new Response(statusLine, Integer.parseInt(statusLine.split(" ")[1]), readHeaders(), "");
    }

    /**
     * Reads up to a number of raw bytes, whatever they are.
     *
     * @param max the most to read
     * @return the bytes read; empty at the end of the stream
     * @throws IOException if the read fails or times out
     */
    public byte[] readBytes(int max) throws IOException {
        byte[] buffer = new byte[max];
        int n = in.read(buffer);
        return n <= 0 ? new byte[0] : java.util.Arrays.copyOf(buffer, n);
    }

    /**
     * Tells whether bytes from the server wait to be read, without blocking.
     *
     * @return true if a read would return at once
     * @throws IOException if the connection failed
     */
    public boolean hasData() throws IOException {
        return in.available() > 0;
    }

    /**
     * Tells whether the server closed the connection, waiting up to ten seconds.
     *
     * @return true if closed
     * @throws IOException never in practice; a reset counts as closed
     */
    public boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // Skip whatever the server still sends: the end is what counts.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        return headers;
    }

    private String chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (;;) {
            String sizeLine = line();
            if (sizeLine == null) {
                throw new IOException("the chunked body ended without its last chunk");
            }
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                    // Trailer fields: none expected, skipped.
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new IOException("the chunked body ended inside a chunk");
            }
            body.write(chunk);
            line();
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                String s = buf.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * A parsed response; header names are lower case.
     *
     * @param statusLine the status line as sent
     * @param status the status code
     * @param headers the headers, repeated ones joined with commas
     * @param body the body as UTF-8 text
     */
    public record Response(String statusLine, int status, Map<String, String> headers, String body) {
        /**
         * Returns a header.
         *
         * @param name the name, any case
         * @return the value, or null
         */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }
}
