package dev.lindy.internal;

import dev.lindy.Action;
import dev.lindy.Cancellable;
import dev.lindy.Context;
import dev.lindy.Responder;
import dev.lindy.StreamWriter;
import dev.lindy.http.Headers;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The context of one request. Response state is guarded by {@code this}; everything else is immutable,
 * volatile or concurrent, so every keyword is safe from any thread.
 */
final class DefaultContext implements Context {
    private static final byte[] NO_BODY = new byte[0];

    private final Dispatcher dispatcher;
    private final Lifecycle lifecycle;
    private final Request request;
    private final String defaultContentType;
    private static final AtomicIntegerFieldUpdater<DefaultContext> RESPONDER =
            AtomicIntegerFieldUpdater.newUpdater(DefaultContext.class, "responderTaken");

    private volatile int responderTaken;
    private volatile RouteMatch match;
    private volatile Duration deadline;
    private volatile Map<String, Object> vars;
    // The thread running the handler right now; keywords called on it unwind to the dispatcher, which acts.
    volatile Thread handlerThread;
    private int status = 200;
    private Headers.Builder headers;

    DefaultContext(Dispatcher dispatcher, Lifecycle lifecycle, Request request, String defaultContentType) {
        this.dispatcher = dispatcher;
        this.lifecycle = lifecycle;
        this.request = request;
        this.defaultContentType = defaultContentType;
    }

    Lifecycle lifecycle() {
        return lifecycle;
    }

    void match(RouteMatch match) {
        this.match = match;
        lifecycle.route(match.route());
    }

    RouteMatch match() {
        return match;
    }

    boolean responderTaken() {
        return responderTaken != 0;
    }

    /** After a pass the next route starts afresh: it may take its own responder. */
    void releaseResponder() {
        responderTaken = 0;
    }

    Duration deadline() {
        return deadline;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public String param(String name) {
        RouteMatch m = match;
        String value = m == null ? null : m.params().get(name);
        return value != null ? value : request.queryParam(name);
    }

    @Override
    public List<String> paramValues(String name) {
        RouteMatch m = match;
        String value = m == null ? null : m.params().get(name);
        if (value != null) {
            return List.of(value);
        }
        List<String> query = request.queryParams().get(name);
        return query == null ? List.of() : query;
    }

    @Override
    public Map<String, String> params() {
        Map<String, String> out = new LinkedHashMap<>();
        request.queryParams().forEach((k, v) -> out.put(k, v.get(0)));
        RouteMatch m = match;
        if (m != null) {
            out.putAll(m.params());
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public List<String> splat() {
        RouteMatch m = match;
        return m == null ? List.of() : m.splat();
    }

    @Override
    public String route() {
        return lifecycle.route();
    }

    @Override
    public synchronized Context status(int status) {
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException(status < 100 || status > 999 ? "status out of range: " + status
                    : "a 1xx status is interim, never a final answer: " + status);
        }
        this.status = status;
        return this;
    }

    @Override
    public synchronized int status() {
        return status;
    }

    @Override
    public synchronized Context header(String name, String value) {
        headers().set(name, value);
        return this;
    }

    @Override
    public synchronized Context addHeader(String name, String value) {
        headers().add(name, value);
        return this;
    }

    @Override
    public Context contentType(String type) {
        return header("Content-Type", MimeTypes.resolve(type));
    }

    private Headers.Builder headers() {
        if (headers == null) {
            headers = Headers.builder();
        }
        return headers;
    }

    @Override
    public Response redirect(String location) {
        return redirect(location, 302);
    }

    @Override
    public Response redirect(String location, int status) {
        return end(redirectResponse(location, status));
    }

    @Override
    public Response halt() {
        return end(toResponse(null));
    }

    @Override
    public Response halt(int status, Object body) {
        status(status);
        return end(toResponse(body));
    }

    @Override
    public Response pass() {
        int from = match.index();
        if (Thread.currentThread() == handlerThread) {
            throw Signal.pass(from, false);
        }
        dispatcher.passOn(this, from);
        throw Signal.pass(from, true);
    }

    // In the handler's own run the dispatcher acts on the signal; in a callback, act now, then unwind.
    private Response end(Response response) {
        if (Thread.currentThread() == handlerThread) {
            throw Signal.halt(response, false);
        }
        dispatcher.finish(this, response);
        throw Signal.halt(response, true);
    }

    @Override
    public Context var(String name, Object value) {
        Map<String, Object> v = vars;
        if (v == null) {
            synchronized (this) {
                if (vars == null) {
                    vars = new ConcurrentHashMap<>();
                }
                v = vars;
            }
        }
        if (value == null) {
            v.remove(name);
        } else {
            v.put(name, value);
        }
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T var(String name) {
        Map<String, Object> v = vars;
        return v == null ? null : (T) v.get(name);
    }

    @Override
    public Map<String, Object> vars() {
        Map<String, Object> v = vars;
        return v == null ? Map.of() : Map.copyOf(v);
    }

    @Override
    public Responder respond() {
        if (!RESPONDER.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException("respond() was already called for this request to " + route());
        }
        return new DefaultResponder(this, dispatcher, lifecycle.hold());
    }

    @Override
    public Cancellable after(Duration delay, Action action) {
        return lifecycle.schedule(delay, () -> dispatcher.run(this, action), false);
    }

    @Override
    public Cancellable every(Duration period, Action action) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return lifecycle.schedule(period, () -> dispatcher.run(this, action), true);
    }

    @Override
    public void execute(Action action) {
        Hold hold = lifecycle.hold();
        lifecycle.loop().execute(() -> {
            dispatcher.run(this, action);
            hold.touch();
        });
    }

    @Override
    public Context onClose(Action action) {
        lifecycle.onClose(() -> dispatcher.run(this, action));
        return this;
    }

    @Override
    public Context deadline(Duration deadline) {
        if (deadline.isZero() || deadline.isNegative()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
        this.deadline = deadline;
        if (handlerThread == null) {
            lifecycle.extend(deadline);
        }
        return this;
    }

    @Override
    public boolean isOpen() {
        return lifecycle.isOpen();
    }

    /** Turns a handler's answer into a response, with the status and headers set on this context. */
    Response toResponse(Object body) {
        return toResponse(-1, body);
    }

    /**
     * Turns an answer into a response with a given status, leaving the context's own status alone, so that
     * racing answers with different statuses never mix one's status with another's body.
     *
     * @param status the status, or -1 for the context's
     */
    Response toResponse(int status, Object body) {
        if (status != -1 && (status < 200 || status > 999)) {
            throw new IllegalArgumentException("not a final status: " + status);
        }
        if (body instanceof Response) {
            return withHeaders((Response) body);
        }
        byte[] bytes;
        String type;
        if (body instanceof String) {
            bytes = ((String) body).getBytes(StandardCharsets.UTF_8);
            type = defaultContentType;
        } else if (body instanceof byte[]) {
            bytes = (byte[]) body;
            type = "application/octet-stream";
        } else if (body == null) {
            bytes = NO_BODY;
            type = null;
        } else {
            throw new IllegalArgumentException("route " + route() + " answered with a " + body.getClass().getName()
                    + "; answer with a String, byte[], Response, or a CompletionStage of one");
        }
        synchronized (this) {
            int s = status == -1 ? this.status : status;
            Headers h;
            if (headers == null) {
                h = type == null ? Headers.empty() : Headers.of("Content-Type", type);
            } else {
                h = type == null || headers.get("Content-Type") != null
                        ? headers.build() : headers.build().newBuilder().add("Content-Type", type).build();
            }
            return Response.of(s, h, bytes);
        }
    }

    Response redirectResponse(String location, int status) {
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("a redirect needs a 3xx status: " + status);
        }
        return withHeaders(Response.redirect(Locations.resolve(request, location), status));
    }

    /** Adds the headers set on the context that the response does not set itself. */
    private synchronized Response withHeaders(Response response) {
        if (headers == null) {
            return response;
        }
        Headers own = response.headers();
        Headers.Builder merged = own.newBuilder();
        headers.build().forEach((name, value) -> {
            if (!own.has(name)) {
                merged.add(name, value);
            }
        });
        return Response.of(response.status(), merged.build(), response.body());
    }

    StreamWriter startStream() {
        Headers h;
        int s;
        synchronized (this) {
            h = headers == null ? Headers.empty() : headers.build();
            s = status;
        }
        if (!h.has("Content-Type")) {
            h = h.newBuilder().add("Content-Type", defaultContentType).build();
        }
        Hold hold = lifecycle.hold();
        return new DefaultStreamWriter(lifecycle.stream(s, h), lifecycle, hold);
    }
}
