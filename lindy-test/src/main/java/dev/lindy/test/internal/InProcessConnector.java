package dev.lindy.test.internal;

import dev.lindy.http.FileBody;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.http.Status;
import dev.lindy.spi.BodyWriter;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.spi.Loop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/** Hands requests straight to an app through the server contract, on a virtual loop; no socket. */
public final class InProcessConnector implements Connector {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 80);

    private final ExchangeHandler app;
    private final VirtualLoop loop;

    /**
     * Creates the connector.
     *
     * @param app the app's handler
     * @param loop the loop exchanges run on
     */
    public InProcessConnector(ExchangeHandler app, VirtualLoop loop) {
        this.app = app;
        this.loop = loop;
    }

    @Override
    public Call open(Outgoing request) {
        Request full;
        try {
            full = Request.builder()
                    .method(Method.of(request.method()))
                    .target(request.target())
                    .headers(request.headers())
                    .body(request.body())
                    .remoteAddress(CLIENT)
                    .localAddress(SERVER)
                    .build();
        } catch (IllegalArgumentException e) {
            // What every host does with a request it cannot parse.
            return Call.refused(400, "Malformed request: " + e.getMessage());
        }
        InProcessCall call = new InProcessCall(full, loop);
        loop.execute(() -> app.handle(call));
        loop.settle();
        return call;
    }

    /** An exchange that is also the client's view of it. */
    private static final class InProcessCall extends Call implements Exchange {
        private final Request request;
        private final VirtualLoop loop;
        private final AtomicBoolean answered = new AtomicBoolean();
        private final List<Runnable> closeCallbacks = new ArrayList<>();
        private volatile boolean open = true;

        InProcessCall(Request request, VirtualLoop loop) {
            this.request = request;
            this.loop = loop;
        }

        @Override
        public Request request() {
            return request;
        }

        @Override
        public boolean respond(Response response) {
            if (!open || !answered.compareAndSet(false, true)) {
                return false;
            }
            open = false;
            if (response.file() != null) {
                response = withFileRead(response);
            }
            Headers headers = response.headers();
            if (!Status.forbidsBody(response.status()) && !headers.has("Content-Length")) {
                headers = headers.newBuilder().add("Content-Length", String.valueOf(response.body().length)).build();
            }
            head.complete(new Head(response.status(), headers));
            if (!isHead() && !Status.forbidsBody(response.status()) && response.body().length > 0) {
                chunks.add(response.body());
            }
            chunks.add(END);
            return true;
        }

        // In process the file is read into the call's chunks: a test sees exactly what a socket would carry.
        private Response withFileRead(Response response) {
            FileBody file = response.file();
            try {
                ByteBuffer bytes = ByteBuffer.allocate((int) file.length());
                while (bytes.hasRemaining()) {
                    if (file.channel().read(bytes, file.position() + bytes.position()) < 0) {
                        throw new IOException("the file " + file.path() + " shrank while it was sent");
                    }
                }
                Headers h = response.headers().newBuilder().set("Content-Length", String.valueOf(file.length())).build();
                return Response.of(response.status(), h, bytes.array());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                file.close();
            }
        }

        @Override
        public BodyWriter stream(int status, Headers headers) {
            if (!answered.compareAndSet(false, true)) {
                throw new IllegalStateException("the exchange was already answered");
            }
            head.complete(new Head(status, headers));
            return new BodyWriter() {
                private volatile boolean closed;

                @Override
                public CompletionStage<Void> write(byte[] chunk) {
                    if (!isOpen()) {
                        return CompletableFuture.failedFuture(new IOException("the stream is closed or the client has gone"));
                    }
                    if (!isHead() && chunk.length > 0) {
                        chunks.add(chunk);
                    }
                    return flushed();
                }

                @Override
                public CompletionStage<Void> close() {
                    if (!closed) {
                        closed = true;
                        open = false;
                        chunks.add(END);
                    }
                    return flushed();
                }

                // Like a real host, complete on the loop, never in the caller's stack: a producer that chains
                // each write from the previous one's completion must not recurse.
                private CompletionStage<Void> flushed() {
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    loop.execute(() -> done.complete(null));
                    return done;
                }

                @Override
                public void abort() {
                    if (!closed) {
                        closed = true;
                        open = false;
                        failed(new IOException("the server aborted the response before its end"));
                    }
                }

                @Override
                public boolean isOpen() {
                    return !closed && open;
                }
            };
        }

        @Override
        public Loop loop() {
            return loop;
        }

        @Override
        public synchronized void onClose(Runnable callback) {
            closeCallbacks.add(callback);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        private boolean isHead() {
            return request.method().equals(Method.HEAD);
        }

        @Override
        public void disconnect() {
            if (!open) {
                return;
            }
            open = false;
            List<Runnable> callbacks;
            synchronized (this) {
                callbacks = new ArrayList<>(closeCallbacks);
                closeCallbacks.clear();
            }
            loop.execute(() -> callbacks.forEach(Runnable::run));
            loop.settle();
            failed(new IOException("the client disconnected"));
        }
    }
}
