package dev.lindy.servlet.internal;

import dev.lindy.http.FileBody;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.http.Status;
import dev.lindy.spi.BodyWriter;
import dev.lindy.internal.CloseCallbacks;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.Loop;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request in a servlet container, in async mode: answered through non-blocking output (a
 * {@link WriteListener}), so no container thread waits, and a write completes only once the container has
 * taken its bytes and can take more. A client that leaves reaches the close callbacks through the
 * {@link AsyncListener}.
 *
 * <p>Write stages complete on the exchange's loop, in order, never under this exchange's monitor nor inside
 * a container callback: a producer that chains its next write from the previous one's completion neither
 * recurses nor holds the container's thread.
 */
public final class ServletExchange implements Exchange, AsyncListener, WriteListener {
    private static final byte[] FLUSH = new byte[0];
    private static final int FILE_CHUNK = 64 * 1024;

    private final Request request;
    private final AsyncContext async;
    private final HttpServletResponse response;
    private final ServletOutputStream out;
    private final Loop loop;
    private final boolean head;
    private final AtomicBoolean answered = new AtomicBoolean();
    // Guarded by this: what waits to be written, the write the container has not finished, and the end.
    private final ArrayDeque<Piece> pending = new ArrayDeque<>();
    private Piece unfinished;
    // A file body being copied out, and where the copy is.
    private FileBody file;
    private long fileAt;
    private boolean ending;
    private final CloseCallbacks closeCallbacks = new CloseCallbacks();
    // Guarded by this: the response is complete or abandoned, and nothing more may be written.
    private boolean finished;

    /**
     * Wraps a request that has entered async mode.
     *
     * @param request the request value
     * @param async the async context, with its timeout already disabled
     * @param response the servlet response
     * @param out the response's output stream, not yet given a write listener
     * @param loop the loop for this exchange's timers and callbacks
     */
    public ServletExchange(Request request, AsyncContext async, HttpServletResponse response, ServletOutputStream out,
            Loop loop) {
        this.request = request;
        this.async = async;
        this.response = response;
        this.out = out;
        this.loop = loop;
        this.head = request.method().equals(Method.HEAD);
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public boolean respond(Response r) {
        if (!answered.compareAndSet(false, true) || !isOpen()) {
            return false;
        }
        synchronized (this) {
            writeHead(r.status(), r.headers());
            boolean noBody = Status.forbidsBody(r.status());
            if (r.file() != null) {
                response.setContentLengthLong(r.file().length());
                if (head || noBody) {
                    r.file().close();
                } else {
                    file = r.file();
                    fileAt = file.position();
                }
            } else if (!noBody && (!head || !r.headers().has("Content-Length"))) {
                response.setContentLengthLong(r.body().length);
            }
            if (!head && !noBody && r.body().length > 0) {
                pending.add(new Piece(r.body(), null));
            }
            ending = true;
        }
        drain();
        return true;
    }

    @Override
    public BodyWriter stream(int status, Headers headers) {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("the exchange was already answered");
        }
        synchronized (this) {
            writeHead(status, headers);
            pending.add(new Piece(FLUSH, null));
        }
        drain();
        return new Writer();
    }

    private void writeHead(int status, Headers headers) {
        response.setStatus(status);
        headers.forEach(response::addHeader);
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public void onClose(Runnable callback) {
        closeCallbacks.add(callback, loop);
    }

    @Override
    public boolean isOpen() {
        return !closeCallbacks.ended();
    }

    // ---- non-blocking output -------------------------------------------------------------------------

    /** Writes what the container can take now; the rest waits for {@link #onWritePossible}. */
    private void drain() {
        boolean complete = false;
        synchronized (this) {
            if (finished) {
                return;
            }
            try {
                if (unfinished != null) {
                    if (!out.isReady()) {
                        return;
                    }
                    unfinished.done();
                    unfinished = null;
                }
                if (!copyFile()) {
                    return;
                }
                while (!pending.isEmpty()) {
                    if (!out.isReady()) {
                        return;
                    }
                    Piece p = pending.poll();
                    if (p.bytes != FLUSH) {
                        out.write(p.bytes);
                    }
                    if (out.isReady()) {
                        out.flush();
                    }
                    if (out.isReady()) {
                        p.done();
                    } else {
                        unfinished = p;
                        return;
                    }
                }
                if (ending) {
                    finished = true;
                    complete = true;
                    closeCallbacks.completed();
                }
            } catch (IOException | IllegalStateException e) {
                fail(e);
                return;
            }
        }
        if (complete) {
            async.complete();
        }
    }

    // Copies the file body as far as the container takes it now; false while some of it still waits.
    private boolean copyFile() throws IOException {
        while (file != null) {
            if (!out.isReady()) {
                return false;
            }
            long left = file.position() + file.length() - fileAt;
            if (left <= 0) {
                file.close();
                file = null;
                return true;
            }
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(FILE_CHUNK, left));
            int n = file.channel().read(chunk, fileAt);
            if (n < 0) {
                throw new IOException("the file " + file.path() + " shrank while it was sent");
            }
            out.write(chunk.array(), 0, n);
            fileAt += n;
        }
        return true;
    }

    private synchronized void closeFile() {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable t) {
        closed();
    }

    private void fail(Throwable e) {
        closeFile();
        List<Piece> dropped = new ArrayList<>(pending);
        pending.clear();
        if (unfinished != null) {
            dropped.add(unfinished);
            unfinished = null;
        }
        dropped.forEach(p -> p.failed(e));
        loop.execute(this::closed);
    }

    // ---- the request's end ---------------------------------------------------------------------------

    @Override
    public void onComplete(AsyncEvent event) {
        closed();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        closed();
    }

    @Override
    public void onError(AsyncEvent event) {
        closed();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Lindy starts async mode once per request; nothing to re-register.
    }

    /** The client left or the container ended the request before the answer was complete. */
    private void closed() {
        List<Runnable> callbacks = closeCallbacks.leftEarly();
        if (callbacks == null) {
            return;
        }
        List<Piece> dropped;
        synchronized (this) {
            finished = true;
            closeFile();
            dropped = new ArrayList<>(pending);
            pending.clear();
            if (unfinished != null) {
                dropped.add(unfinished);
                unfinished = null;
            }
        }
        IOException gone = new IOException("the client has gone");
        dropped.forEach(p -> p.failed(gone));
        if (!callbacks.isEmpty()) {
            loop.execute(() -> callbacks.forEach(Runnable::run));
        }
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            // The container ended the request itself.
        }
    }

    /** Ends the response at once, dropping what waits: the container offers no portable way to truncate it. */
    private void abort() {
        List<Piece> dropped;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            closeCallbacks.completed();
            dropped = new ArrayList<>(pending);
            pending.clear();
            if (unfinished != null) {
                dropped.add(unfinished);
                unfinished = null;
            }
        }
        IOException aborted = new IOException("the stream was aborted");
        dropped.forEach(p -> p.failed(aborted));
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            // The container ended the request itself.
        }
    }

    private final class Writer implements BodyWriter {
        private final AtomicBoolean ended = new AtomicBoolean();

        @Override
        public CompletionStage<Void> write(byte[] chunk) {
            if (!isOpen()) {
                return CompletableFuture.failedFuture(new IOException("the stream is closed or the client has gone"));
            }
            if (head || chunk.length == 0) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            synchronized (ServletExchange.this) {
                if (ending || finished) {
                    // It raced the stream's end: it can no longer go out, and must not wait forever.
                    return CompletableFuture.failedFuture(new IOException("the stream ended before this write"));
                }
                pending.add(new Piece(chunk, done));
            }
            drain();
            return done;
        }

        @Override
        public CompletionStage<Void> close() {
            if (!ended.compareAndSet(false, true)) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            synchronized (ServletExchange.this) {
                pending.add(new Piece(FLUSH, done));
                ending = true;
            }
            drain();
            return done;
        }

        @Override
        public void abort() {
            if (ended.compareAndSet(false, true)) {
                ServletExchange.this.abort();
            }
        }

        @Override
        public boolean isOpen() {
            return !ended.get() && ServletExchange.this.isOpen();
        }
    }

    private final class Piece {
        final byte[] bytes;
        final CompletableFuture<Void> done;

        Piece(byte[] bytes, CompletableFuture<Void> done) {
            this.bytes = bytes;
            this.done = done;
        }

        void done() {
            if (done != null) {
                loop.execute(() -> done.complete(null));
            }
        }

        void failed(Throwable t) {
            if (done != null) {
                loop.execute(() -> done.completeExceptionally(t));
            }
        }
    }
}
