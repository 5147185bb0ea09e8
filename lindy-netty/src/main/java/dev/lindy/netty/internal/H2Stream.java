package dev.lindy.netty.internal;

import dev.lindy.Settings;
import dev.lindy.http.FileBody;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.http.Status;
import dev.lindy.internal.BodySpool;
import dev.lindy.internal.Hosts;
import dev.lindy.internal.SchedulerLoop;
import dev.lindy.upload.internal.Uploads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on an HTTP/2 connection: builds it from the stream's header block, collects its body within
 * the limits (an upload's disk falling behind holds the stream's flow-control window shut; the connection's
 * window is large enough for the other streams to go on), hands it to the app, and writes its answer as
 * frames. A body that stops coming is refused
 * with 408, an answer the client stops taking (the stream's window stays shut) is reset at the write timeout.
 * Everything here runs on the connection's event loop, except {@link #isActive}, {@link #loop} and
 * {@link #onLoop}.
 */
final class H2Stream implements Carrier {
    private static final Logger LOG = LoggerFactory.getLogger(H2Stream.class);
    private static final AsciiString COOKIE = AsciiString.cached("cookie");
    private static final AsciiString HOST = AsciiString.cached("host");
    private static final AsciiString EXPECT = AsciiString.cached("expect");
    private static final int FILE_CHUNK = 16 * 1024;

    private final H2Connection connection;
    private final Http2Stream stream;
    // The request until its body is whole and it goes to the app; then its exchange.
    private Request.Builder request;
    // The request's method and target as read, for the access log's line of a refusal.
    private CharSequence method;
    private CharSequence target;
    private NettyExchange exchange;
    private volatile boolean closed;
    // The body being read: its spool, bytes so far, and whether it is an upload (a larger limit, to disk).
    private BodySpool body;
    // The whole body, once its last bytes are on their way to the disk: the request goes to the app when they land.
    private BodySpool awaited;
    private long size;
    private boolean upload;
    private boolean readingBody;
    private long bodyDeadline;
    private long bodyStallDeadline;
    // Bytes of the body taken but not yet given back to the client's window: the disk fell behind.
    private int held;
    private boolean spoolBehind;
    // Refused: what the client still sends is dropped, up to a limit, until it ends the stream or goes quiet.
    private boolean refused;
    private long droppedBytes;
    private long quietDeadline;
    // The answer's write in flight, and the stream's send window when it last moved.
    private ChannelFuture pending;
    private int pendingWindow;
    private long pendingMovedAt;

    H2Stream(H2Connection connection, Http2Stream stream) {
        this.connection = connection;
        this.stream = stream;
    }

    private Settings settings() {
        return connection.setup.settings;
    }

    // ---- the request -----------------------------------------------------------------------------------

    /** The stream's header block arrived: the request's head. */
    void head(Http2Headers headers, boolean endOfStream) {
        CharSequence method = headers.method();
        CharSequence path = headers.path();
        this.method = method;
        this.target = path == null ? headers.authority() : path;
        if (method == null || path == null) {
            // Netty's decoder checks the pseudo-header fields; this holds for a CONNECT, which has no path.
            reject(new Rejection(501, "This server does not implement " + method + "."));
            return;
        }
        CharSequence authority = headers.authority();
        String host = authority == null ? null : authority.toString();
        int hosts = authority == null ? 0 : 1;
        String[] fields = new String[headers.size() * 2 + 2];
        int n = 0;
        StringBuilder cookies = null;
        long declared = -1;
        boolean expectContinue = false;
        try {
            for (Map.Entry<CharSequence, CharSequence> h : headers) {
                CharSequence name = h.getKey();
                if (name.length() > 0 && name.charAt(0) == ':') {
                    continue;
                }
                String value = h.getValue().toString();
                if (COOKIE.contentEqualsIgnoreCase(name)) {
                    // A client may split its cookies into several fields (RFC 9113 8.2.3); the app sees one.
                    cookies = cookies == null ? new StringBuilder(value) : cookies.append("; ").append(value);
                    continue;
                }
                if (HOST.contentEqualsIgnoreCase(name)) {
                    // Beside :authority, a Host field must name the same (RFC 9113 8.3.1): a proxy that routes
                    // on one and an app that reads the other must not disagree.
                    if (authority == null) {
                        host = value;
                        hosts++;
                    } else if (!sameHost(authority.toString(), value)) {
                        reject(new Rejection(400, "The Host header and :authority name different hosts."));
                        return;
                    }
                    continue;
                }
                if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
                    // Netty's decoder checked it is one number, and that the body's frames add up to it.
                    declared = Long.parseLong(value.trim());
                } else if (EXPECT.contentEqualsIgnoreCase(name)) {
                    expectContinue = HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(value);
                } else if (HttpHeaderNames.CONTENT_TYPE.contentEqualsIgnoreCase(name)) {
                    upload = Uploads.isMultipartForm(value);
                }
                fields[n++] = name.toString();
                fields[n++] = value;
            }
            if (hosts != 1 || !Hosts.isValid(host)) {
                reject(new Rejection(400, hosts > 1 ? "A request carries one Host header, not " + hosts + "."
                        : hosts == 0 ? "A request needs an :authority or a Host header." : "The :authority or Host is invalid."));
                return;
            }
            fields[n++] = "host";
            fields[n++] = host;
            if (cookies != null) {
                fields[n++] = "cookie";
                fields[n++] = cookies.toString();
            }
            request = Request.builder()
                    .method(Method.of(method.toString()))
                    .target(path.toString())
                    .headers(Headers.of(n == fields.length ? fields : Arrays.copyOf(fields, n)))
                    .version(connection.setup.wire.version())
                    .scheme(connection.setup.wire.scheme())
                    .remoteAddress(ConnectionHandler.inet(connection.channel().remoteAddress()))
                    .localAddress(ConnectionHandler.inet(connection.channel().localAddress()));
            if (!endOfStream) {
                // The target is checked before a body is read for it; a bodiless request is checked as it is built.
                request.build();
            }
        } catch (IllegalArgumentException e) {
            reject(malformed(e));
            return;
        }
        if (endOfStream) {
            dispatch(null);
            return;
        }
        if (declared > BodyCollector.limit(settings(), upload)) {
            reject(BodyCollector.tooLarge(settings(), upload));
            return;
        }
        // A request that declares no length gets a spool only when bytes of a body arrive.
        if (declared > 0 || (declared < 0 && upload)) {
            body = BodyCollector.spool(settings(), declared, upload, () -> onLoop(this::spoolCaughtUp));
        }
        readingBody = true;
        restartBodyClocks();
        if (expectContinue) {
            connection.writeHeaders(stream.id(), new DefaultHttp2Headers().status(HttpResponseStatus.CONTINUE.codeAsText()),
                    false);
            connection.flushUnlessReading();
        }
    }

    // Two spellings of one host and port: case aside, and the scheme's port named or left out.
    private boolean sameHost(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        String defaultPort = connection.setup.wire.tls() ? "443" : "80";
        return withPort(a, defaultPort).equalsIgnoreCase(withPort(b, defaultPort));
    }

    private static String withPort(String host, String defaultPort) {
        int close = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        return colon > close ? host : host + ":" + defaultPort;
    }

    private static Rejection malformed(IllegalArgumentException e) {
        return new Rejection(400, e.getMessage() == null ? "Malformed request." : e.getMessage());
    }

    private void restartBodyClocks() {
        long now = System.nanoTime();
        bodyStallDeadline = now + connection.setup.idleNanos;
        bodyDeadline = now + connection.setup.bodyNanos;
    }

    /**
     * A piece of the body arrived.
     *
     * @return how many bytes the client's window gets back now; the rest once the disk caught up
     */
    int data(ByteBuf data, int padding, boolean endOfStream) {
        int bytes = data.readableBytes();
        if (!readingBody) {
            dropped(bytes);
            return bytes + padding;
        }
        bodyStallDeadline = System.nanoTime() + connection.setup.idleNanos;
        if (bytes > 0) {
            size += bytes;
            if (size > BodyCollector.limit(settings(), upload)) {
                reject(BodyCollector.tooLarge(settings(), upload));
                return bytes + padding;
            }
            if (body == null) {
                body = BodySpool.inMemory(settings().maxBodyBytes(), -1);
            }
            try {
                if (!body.add(data.nioBuffer())) {
                    spoolBehind = true;
                }
            } catch (BodySpool.Full e) {
                reject(BodyCollector.UPLOADS_FULL);
                return bytes + padding;
            }
        }
        int taken = bytes + padding;
        if (spoolBehind) {
            held += taken;
            taken = 0;
        }
        if (endOfStream) {
            bodyEnded();
        }
        return taken;
    }

    // The disk caught up with an upload: the client may send the rest.
    private void spoolCaughtUp() {
        spoolBehind = false;
        int bytes = held;
        held = 0;
        if (bytes > 0 && !closed) {
            connection.consumed(stream, bytes);
        }
        // The client may send again from now on; the whole body's deadline stays where it was.
        bodyStallDeadline = System.nanoTime() + connection.setup.idleNanos;
    }

    // Bytes a refused stream's client sends on are read and dropped, which keeps the connection's window open
    // for its other streams, but only so many: past the body limit the stream is reset once its refusal is out.
    private void dropped(int bytes) {
        long before = droppedBytes;
        droppedBytes += bytes;
        if (droppedBytes > settings().maxBodyBytes()) {
            if (before > settings().maxBodyBytes()) {
                return;
            }
            ChannelFuture refusal = pending;
            if (refusal != null && !refusal.isDone()) {
                refusal.addListener(f -> reset(Http2Error.CANCEL));
            } else {
                reset(Http2Error.CANCEL);
            }
        } else if (refused) {
            quietDeadline = System.nanoTime() + connection.setup.idleNanos;
        }
    }

    /** The client ended the stream: the body is whole. */
    void bodyEnded() {
        if (!readingBody) {
            return;
        }
        readingBody = false;
        BodySpool done = body;
        body = null;
        if (done == null) {
            dispatch(null);
            return;
        }
        awaited = done;
        done.finish(() -> {
            if (!connection.loop.inLoop()) {
                onLoop(() -> stored(done));
            }
        });
        if (done.isStored()) {
            stored(done);
        }
    }

    // An upload's last bytes reached the disk: reported by the disk, or found when the body ended, whichever
    // comes first; the other finds it taken. A stream closed meanwhile discarded it.
    private void stored(BodySpool done) {
        if (awaited == done) {
            awaited = null;
            dispatch(done);
        }
    }

    private void dispatch(BodySpool spool) {
        if (spool != null && spool.failure() != null) {
            spool.discard();
            LOG.warn("could not store an upload from {}: {}", connection.channel().remoteAddress(), spool.failure().toString());
            reject(new Rejection(500, "The server could not store the request body."));
            return;
        }
        Request built;
        try {
            built = (spool == null ? request : spool.into(request)).build();
        } catch (IllegalArgumentException e) {
            if (spool != null) {
                spool.discard();
            }
            reject(malformed(e));
            return;
        }
        NettyExchange ex = new NettyExchange(this, built, true, HttpVersion.HTTP_1_1);
        request = null;
        exchange = ex;
        try {
            connection.setup.app.handle(ex);
        } catch (Throwable t) {
            LOG.error("the app failed to take {}", ex.request(), t);
            ex.respond(Response.of(500, "The server failed to answer this request."));
        }
    }

    // Refuses the request, whose answer ends the stream; what the client still sends is dropped.
    private void reject(Rejection r) {
        readingBody = false;
        refused = true;
        request = null;
        discardBody();
        int status = r.status();
        byte[] text = (status + " " + Status.reason(status) + ": " + r.reason() + "\n").getBytes(StandardCharsets.UTF_8);
        Http2Headers headers = new DefaultHttp2Headers()
                .status(HttpResponseStatus.valueOf(status).codeAsText())
                .add(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .addInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
                .add(HttpHeaderNames.DATE, HttpDates.now());
        connection.writeHeaders(stream.id(), headers, false);
        watch(connection.writeData(stream.id(), Unpooled.wrappedBuffer(text), true));
        connection.flushUnlessReading();
        // A client that goes quiet instead of ending its side leaves the stream open: it ends at the idle timeout.
        quietDeadline = System.nanoTime() + connection.setup.idleNanos;
        ConnectionHandler.tellRefused(connection.setup.app, connection.channel(), method + " " + target + " HTTP/2", status,
                text.length);
    }

    // ---- deadlines -------------------------------------------------------------------------------------

    /**
     * Resets or refuses what has waited too long; the connection's timer calls it now and then.
     *
     * @param now the timer's reading of {@link System#nanoTime()}
     */
    void checkDeadlines(long now) {
        if (pending != null) {
            if (pending.isDone()) {
                pending = null;
            } else {
                int window = connection.sendWindow(stream);
                if (window != pendingWindow) {
                    pendingWindow = window;
                    pendingMovedAt = now;
                } else if (now - pendingMovedAt >= connection.setup.writeNanos) {
                    // The client stopped opening the stream's window: its answer would wait forever.
                    LOG.debug("resetting a stream whose client stopped reading: {}", connection.channel().remoteAddress());
                    reset(Http2Error.CANCEL);
                }
                return;
            }
        }
        // While the disk holds the client back, only the whole body's deadline runs.
        if (readingBody && (now - bodyDeadline >= 0 || (!spoolBehind && now - bodyStallDeadline >= 0))) {
            reject(new Rejection(408, now - bodyDeadline >= 0
                    ? "The request body did not arrive within " + connection.setup.bodyNanos / 1_000_000_000 + " s."
                    : "The request body stopped arriving."));
        } else if (refused && now - quietDeadline >= 0) {
            reset(Http2Error.CANCEL);
        }
    }

    // The write timeout counts from when an answer's write stops moving.
    private ChannelFuture watch(ChannelFuture write) {
        if (!write.isDone()) {
            pending = write;
            pendingWindow = connection.sendWindow(stream);
            pendingMovedAt = System.nanoTime();
        }
        return write;
    }

    private void reset(Http2Error error) {
        if (!closed) {
            connection.reset(stream.id(), error);
        }
    }

    /** Netty closed the stream (answered, reset by either side, or the connection went): let go of it all. */
    void closed() {
        closed = true;
        readingBody = false;
        request = null;
        pending = null;
        discardBody();
        NettyExchange ex = exchange;
        exchange = null;
        if (ex != null) {
            ex.closed();
        }
    }

    // A body never handed to the app: in progress, or waiting for its last bytes to reach the disk.
    private void discardBody() {
        if (body != null) {
            body.discard();
            body = null;
        }
        if (awaited != null) {
            awaited.discard();
            awaited = null;
        }
    }

    // ---- the answer ------------------------------------------------------------------------------------

    @Override
    public SchedulerLoop loop() {
        return connection.loop;
    }

    @Override
    public boolean isActive() {
        return !closed && connection.isActive();
    }

    @Override
    public void onLoop(Runnable task) {
        connection.onLoop(task);
    }

    @Override
    public void send(NettyExchange ex, Response response) {
        if (ex != exchange || closed) {
            if (response.file() != null) {
                response.file().close();
            }
            return;
        }
        ex.completed();
        try {
            sendWhole(ex, response);
        } catch (RuntimeException e) {
            // Headers may be out already: only a reset tells the client the answer broke.
            if (response.file() != null) {
                response.file().close();
            }
            connection.streamFailed(stream.id(), e);
        }
    }

    private void sendWhole(NettyExchange ex, Response response) {
        if (response.file() != null) {
            sendFile(ex, response.status(), response.headers(), response.file());
            return;
        }
        WholeAnswer.Body answer = WholeAnswer.body(connection.setup.compression, ex.request(), ex.head(), response);
        Http2Headers headers = WholeAnswer.http2(response.status(), response.headers(), answer.coding(),
                answer.length(), HttpDates.now());
        byte[] sent = answer.sent();
        if (sent == null || sent.length == 0) {
            watch(connection.writeHeaders(stream.id(), headers, true));
        } else {
            connection.writeHeaders(stream.id(), headers, false);
            watch(connection.writeData(stream.id(), Unpooled.wrappedBuffer(sent), true));
        }
        connection.flushUnlessReading();
    }

    // A file passes through the JVM in chunks, each written once the one before it left, so that a large file
    // takes memory for one chunk at a time, at the pace of the stream's window.
    private void sendFile(NettyExchange ex, int status, Headers appHeaders, FileBody file) {
        Http2Headers headers = WholeAnswer.http2(status, appHeaders, null, file.length(), HttpDates.now());
        boolean empty = ex.head() || file.length() == 0;
        watch(connection.writeHeaders(stream.id(), headers, empty));
        if (empty) {
            file.close();
        } else {
            sendChunk(ex, file, 0);
        }
        connection.flushUnlessReading();
    }

    private void sendChunk(NettyExchange ex, FileBody file, long offset) {
        if (ex != exchange || closed) {
            file.close();
            return;
        }
        int n = (int) Math.min(FILE_CHUNK, file.length() - offset);
        ByteBuf chunk = connection.alloc().buffer(n);
        try {
            while (chunk.readableBytes() < n) {
                int read = chunk.writeBytes(file.channel(), file.position() + offset + chunk.readableBytes(),
                        n - chunk.readableBytes());
                if (read < 0) {
                    throw new IOException("the file is shorter than when it was opened");
                }
            }
        } catch (IOException e) {
            chunk.release();
            file.close();
            LOG.debug("cannot send {}: {}", file.path(), e.toString());
            reset(Http2Error.INTERNAL_ERROR);
            return;
        }
        long next = offset + n;
        boolean last = next >= file.length();
        ChannelFuture write = watch(connection.writeData(stream.id(), chunk, last));
        write.addListener(f -> {
            if (last || !f.isSuccess()) {
                file.close();
                return;
            }
            try {
                sendChunk(ex, file, next);
                connection.flushUnlessReading();
            } catch (RuntimeException e) {
                file.close();
                connection.streamFailed(stream.id(), e);
            }
        });
    }

    @Override
    public void sendHead(NettyExchange ex, NettyBodyWriter writer, int status, Headers headers) {
        if (ex != exchange || closed) {
            return;
        }
        try {
            writeHead(ex, writer, status, headers);
        } catch (RuntimeException e) {
            connection.streamFailed(stream.id(), e);
        }
    }

    private void writeHead(NettyExchange ex, NettyBodyWriter writer, int status, Headers headers) {
        String coding = writer.chooseCoding(connection.setup.compression, status, headers);
        long length = coding != null ? WholeAnswer.NO_LENGTH : WholeAnswer.APPS_LENGTH;
        // A HEAD's stream stays open until the app closes its writer, as on HTTP/1: its writes succeed, empty.
        connection.writeHeaders(stream.id(), WholeAnswer.http2(status, headers, coding, length, HttpDates.now()), false);
        connection.flushUnlessReading();
    }

    @Override
    public ChannelFuture write(NettyExchange ex, HttpObject chunk) {
        if (ex != exchange || ex.streamOver || closed) {
            ReferenceCountUtil.release(chunk);
            return null;
        }
        ChannelFuture f = watch(connection.writeData(stream.id(), ((HttpContent) chunk).content(),
                chunk instanceof LastHttpContent));
        connection.flushUnlessReading();
        return f;
    }

    @Override
    public void streamEnded(NettyExchange ex, ChannelFuture lastWrite) {
        if (ex.head() && ex == exchange && !ex.streamOver && !closed) {
            watch(connection.writeData(stream.id(), Unpooled.EMPTY_BUFFER, true));
            connection.flushUnlessReading();
        }
        ex.streamOver = true;
        ex.completed();
    }

    /** A reset tells the client its body is incomplete. */
    @Override
    public void abort(NettyExchange ex) {
        if (ex == exchange) {
            reset(Http2Error.CANCEL);
        }
    }
}
