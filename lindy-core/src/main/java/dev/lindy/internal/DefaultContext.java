package dev.lindy.internal;

import dev.lindy.Action;
import dev.lindy.Cancellable;
import dev.lindy.Context;
import dev.lindy.ContextPlugin;
import dev.lindy.HttpException;
import dev.lindy.Settings;
import dev.lindy.Responder;
import dev.lindy.StreamWriter;
import dev.lindy.files.internal.FileAnswers;
import dev.lindy.http.Cookie;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.hub.Feed;
import dev.lindy.hub.Listener;
import dev.lindy.hub.Subscription;
import dev.lindy.hub.internal.DefaultFeed;
import dev.lindy.hub.internal.ListenerSink;
import dev.lindy.hub.internal.TopicNames;
import dev.lindy.json.JsonException;
import dev.lindy.session.Session;
import dev.lindy.session.SessionData;
import dev.lindy.session.internal.DefaultSession;
import dev.lindy.sse.SseEmitter;
import dev.lindy.spi.Exchange;
import dev.lindy.sse.internal.DefaultSseEmitter;
import dev.lindy.upload.MultipartParser;
import dev.lindy.upload.Upload;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The context of one request: its keywords act on the request's own state and delegate to the
 * batteries (parameters, cookies, session, JSON, origin). Response state is guarded by {@code this};
 * everything else is immutable, volatile or concurrent, so every keyword is safe from any thread.
 *
 * <p>The context is its request's {@link Lifecycle}, by extension: one object per pending request, not two.
 */
final class DefaultContext extends Lifecycle implements Context {
    private static final byte[] NO_BODY = new byte[0];
    // The fields of an answer that sets none itself, made once: Headers are immutable.
    private static final Headers BYTES = Headers.of("Content-Type", "application/octet-stream");
    private static final Headers JSON = Headers.of("Content-Type", "application/json");
    private static final AtomicIntegerFieldUpdater<DefaultContext> RESPONDER =
            AtomicIntegerFieldUpdater.newUpdater(DefaultContext.class, "responderTaken");

    private final Dispatcher dispatcher;
    private volatile Request request;
    private volatile int responderTaken;
    private volatile RouteMatch match;
    private volatile Params params;
    private volatile Map<String, String> forwarded = Map.of();
    private volatile int forwards;
    private volatile Duration deadline;
    private volatile Map<String, Object> vars;
    private volatile Map<Class<?>, Object> extensions;
    private volatile MultipartParser.Parts parts;
    // The thread running the handler right now; keywords called on it unwind to the dispatcher, which acts.
    volatile Thread handlerThread;
    // Set once an error handler or status page runs: a failure from then on gets Lindy's own page.
    volatile boolean answeringError;
    // The worker making an error page whose answer was already won for it (see Dispatcher.answerOffThread).
    volatile Thread claimOwner;
    // Moves on at each pass or forward: a responder of the route before is stale.
    private volatile int generation;
    private int status = 200;
    private Headers.Builder headers;
    private Map<String, Cookie> cookies;
    private SessionData loadedSession;
    private boolean sessionLoaded;
    private boolean sessionSkipped;
    private DefaultSession session;
    // This context's neighbours among the exchanges in flight, guarded by their stripe's lock, and that
    // stripe (see InFlight).
    DefaultContext flightPrev;
    DefaultContext flightNext;
    final int flightStripe = InFlight.pickStripe();

    DefaultContext(Dispatcher dispatcher, Exchange exchange) {
        super(exchange, dispatcher.accessLog() != null);
        this.dispatcher = dispatcher;
        this.request = exchange.request();
    }

    /** Returns the request's lifecycle, which is this context seen as one. */
    Lifecycle lifecycle() {
        return this;
    }

    @Override
    Settings settings() {
        return dispatcher.settings();
    }

    @Override
    AccessLog accessLog() {
        return dispatcher.accessLog();
    }

    @Override
    boolean answerError(int status, String message) {
        return dispatcher.answerOffThread(this, status, message);
    }

    @Override
    void runTimer(Action task) {
        dispatcher.run(this, task);
    }

    @Override
    void exchangeEnded() {
        dispatcher.ended(this);
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    void match(RouteMatch match) {
        this.match = match;
        this.params = null;
        route(match.route());
    }

    RouteMatch match() {
        return match;
    }

    int generation() {
        return generation;
    }

    /** Returns the path the app is served under, as the client sees it: empty, or starting with {@code /}. */
    String basePath() {
        return dispatcher.origin(request).basePath();
    }

    /** The handler failed: drop the status, headers, cookies and session changes it made. */
    synchronized void rollback() {
        status = 200;
        headers = null;
        cookies = null;
        session = null;
    }

    /** The multipart body was read, before the handler: its fields join the parameters. */
    void parts(MultipartParser.Parts parts) {
        this.parts = parts;
    }

    boolean partsRead() {
        return parts != null;
    }

    private Map<String, List<String>> formFields() {
        MultipartParser.Parts p = parts;
        return p == null ? Map.of() : p.fields();
    }

    boolean responderTaken() {
        return responderTaken != 0;
    }

    /** After a pass or a forward the next route starts afresh: it may take its own responder. */
    void releaseResponder() {
        generation++;
        responderTaken = 0;
    }

    Duration deadline() {
        return deadline;
    }

    /** The session the request's cookie named, loaded before the handler; null when it named none. */
    synchronized void sessionLoaded(SessionData data) {
        loadedSession = data;
        sessionLoaded = true;
        sessionSkipped = false;
    }

    /**
     * A static file answers without the session: a hook that asks for it sees an empty one, never saved,
     * and the client's own session is left as it is.
     */
    synchronized void sessionSkipped() {
        sessionLoaded = true;
        sessionSkipped = true;
    }

    /** The file was no static file after all: the routes get the request, with its session loaded. */
    synchronized void sessionUnskipped() {
        sessionLoaded = false;
        sessionSkipped = false;
        session = null;
    }

    /** The session if the request used it, to save as the response goes out. */
    synchronized DefaultSession usedSession() {
        return sessionSkipped ? null : session;
    }

    /** Takes the request to another path, for a forward; false past ten forwards in a row. */
    boolean forwardTo(Method method, String path, Map<String, String> extra) {
        if (++forwards > 10) {
            return false;
        }
        String target = path.indexOf('?') >= 0 || request.query().isEmpty() ? path : path + "?" + request.query();
        request = request.newBuilder().method(method).target(target).build();
        forwarded = extra == null ? Map.of() : Map.copyOf(extra);
        match = null;
        params = null;
        return true;
    }

    // ---- request data -------------------------------------------------------------------------------

    // Made at the first read, for the request and match of that moment: many requests read no parameter.
    private Params parameters() {
        Params p = params;
        if (p == null) {
            p = new Params(request, match, forwarded, dispatcher.json(), this::formFields);
            params = p;
        }
        return p;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public String param(String name) {
        return parameters().get(name);
    }

    @Override
    public List<String> paramValues(String name) {
        return parameters().values(name);
    }

    @Override
    public Map<String, String> params() {
        return parameters().all();
    }

    @Override
    public Map<String, String> params(String source) {
        return parameters().source(source);
    }

    @Override
    public List<String> splat() {
        RouteMatch m = match;
        return m == null ? List.of() : m.splat();
    }

    @Override
    public synchronized String cookie(String name) {
        Cookie set = cookies == null ? null : cookies.get(name);
        if (set != null) {
            return set.value().isEmpty() && set.maxAge() != null && set.maxAge().isZero() ? null : set.value();
        }
        return request.cookie(name);
    }

    @Override
    public synchronized Map<String, String> cookies() {
        Map<String, String> out = new LinkedHashMap<>(request.cookies());
        if (cookies != null) {
            cookies.forEach((name, c) -> {
                if (c.maxAge() != null && c.maxAge().isZero()) {
                    out.remove(name);
                } else {
                    out.put(name, c.value());
                }
            });
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String signedCookie(String name) {
        String raw = cookie(name);
        return raw == null ? null : dispatcher.signer().verify(name, raw);
    }

    @Override
    public Session session() {
        synchronized (this) {
            if (session != null) {
                return session;
            }
            if (!sessionLoaded && request.cookie(dispatcher.settings().sessionCookie()) != null) {
                throw new IllegalStateException("the session was not loaded for this request");
            }
            session = new DefaultSession(dispatcher.sessionStore(), loadedSession);
            return session;
        }
    }

    @Override
    public Upload upload(String field) {
        for (Upload u : uploads()) {
            if (u.field().equals(field)) {
                return u;
            }
        }
        return null;
    }

    @Override
    public List<Upload> uploads() {
        MultipartParser.Parts p = parts;
        return p == null ? List.of() : p.uploads();
    }

    @Override
    public <T> T bodyAs(Class<T> type) {
        String media = Params.mediaType(request.header("Content-Type"));
        if (!media.equals("application/json") && !media.endsWith("+json")) {
            // A cross-site form can post text/plain that parses as JSON; requiring the type stops it.
            throw new HttpException(415, "The body must be JSON, sent with Content-Type: application/json"
                    + (media.isEmpty() ? "." : ", not " + media + "."));
        }
        try {
            return dispatcher.json().mapper().read(request.body(), type);
        } catch (JsonException e) {
            throw new HttpException(400, "The JSON body does not fit: " + e.getMessage());
        }
    }

    @Override
    public Object bodyJson() {
        return bodyAs(Object.class);
    }

    @Override
    public String uriFor(String path) {
        return uriFor(path, Map.of());
    }

    @Override
    public String uriFor(String path, Map<String, ?> query) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("uriFor takes a path of the app, starting with /: " + path);
        }
        StringJoiner q = new StringJoiner("&", "?", "");
        q.setEmptyValue("");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
        return dispatcher.origin(request).url(Locations.escapePath(path) + q);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T with(Class<? extends ContextPlugin<T>> plugin) {
        Map<Class<?>, Object> e = extensions;
        if (e == null) {
            synchronized (this) {
                if (extensions == null) {
                    extensions = new ConcurrentHashMap<>();
                }
                e = extensions;
            }
        }
        return (T) e.computeIfAbsent(plugin, p -> dispatcher.plugin(p).extension(this));
    }

    // ---- the response being prepared ----------------------------------------------------------------

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
    public synchronized Context cookie(Cookie cookie) {
        if (cookies == null) {
            cookies = new LinkedHashMap<>();
        }
        cookies.put(cookie.name(), cookie);
        return this;
    }

    @Override
    public Context signedCookie(Cookie cookie) {
        return cookie(cookie.newBuilder().value(dispatcher.signer().sign(cookie.name(), cookie.value())).build());
    }

    @Override
    public String template(String name, Map<String, ?> model) {
        return template(name, model, dispatcher.settings().layout());
    }

    @Override
    public String template(String name, Map<String, ?> model, String layout) {
        return dispatcher.render(this, name, model, layout);
    }

    @Override
    public Response json(Object value) {
        byte[] body = dispatcher.json().mapper().write(value);
        return withHeaders(Response.of(status(), Headers.of("Content-Type", "application/json"), body));
    }

    // ---- flow control -------------------------------------------------------------------------------

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
        // The status goes into this answer only, never into the shared context: racing halts stay whole.
        return end(toResponse(status, body));
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

    @Override
    public Response sendError(String message, int status) {
        HttpException error = new HttpException(status, message);
        if (Thread.currentThread() == handlerThread) {
            throw Signal.failure(error, false);
        }
        dispatcher.fail(this, error);
        throw Signal.failure(error, true);
    }

    @Override
    public Response sendFile(String publicPath) {
        return endWith(() -> {
            Path file = dispatcher.publicFile(publicPath);
            if (file == null) {
                throw new HttpException(404, "No file " + publicPath + ".");
            }
            return fileAnswer(file, null);
        });
    }

    @Override
    public Response sendFile(Path file) {
        return endWith(() -> fileAnswer(file, null));
    }

    @Override
    public Response sendFile(Path file, String downloadName) {
        return endWith(() -> fileAnswer(file, downloadName));
    }

    @Override
    public Response sendFile(byte[] bytes, String contentType, String downloadName) {
        String type = MimeTypes.resolve(contentType);
        return endWith(() -> withHeaders(FileAnswers.bytes(request, bytes,
                new FileAnswers.Options(type, null, downloadName, null))));
    }

    private Response fileAnswer(Path file, String downloadName) throws java.io.IOException {
        Response r = FileAnswers.file(request, file, new FileAnswers.Options(
                MimeTypes.forFile(file.getFileName().toString()), dispatcher.settings().staticCacheControl(), downloadName, null));
        if (r == null) {
            throw new HttpException(404, "No file " + file.getFileName() + ".");
        }
        return withHeaders(r);
    }

    // Ends the handler with an answer a worker prepares: in the handler's own run through the dispatcher,
    // from a callback at once.
    private Response endWith(java.util.concurrent.Callable<Response> work) {
        if (Thread.currentThread() == handlerThread) {
            throw Signal.work(work, false);
        }
        dispatcher.answerFromWorker(this, work);
        throw Signal.work(work, true);
    }

    @Override
    public Response forward(String path) {
        return forward(request.method(), path, Map.of());
    }

    @Override
    public Response forward(String path, Map<String, String> params) {
        return forward(request.method(), path, params);
    }

    @Override
    public Response forward(Method method, String path, Map<String, String> params) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("forward takes a path of the app, starting with /: " + path);
        }
        if (Thread.currentThread() == handlerThread) {
            throw Signal.forward(method, path, params, false);
        }
        dispatcher.forward(this, method, path, params);
        throw Signal.forward(method, path, params, true);
    }

    // In the handler's own run the dispatcher acts on the signal; in a callback, act now, then unwind.
    private Response end(Response response) {
        if (Thread.currentThread() == handlerThread) {
            throw Signal.halt(response, false);
        }
        dispatcher.finish(this, response);
        throw Signal.halt(response, true);
    }

    // ---- request-scoped variables -------------------------------------------------------------------

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

    // ---- answering later ----------------------------------------------------------------------------

    @Override
    public Responder respond() {
        if (!RESPONDER.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException("respond() was already called for this request to " + route());
        }
        return new DefaultResponder(this, hold());
    }

    @Override
    public Cancellable after(Duration delay, Action action) {
        return schedule(delay, action, false);
    }

    @Override
    public Cancellable every(Duration period, Action action) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return schedule(period, action, true);
    }

    @Override
    public void execute(Action action) {
        Hold hold = hold();
        loop().execute(() -> {
            try {
                dispatcher.run(this, action);
            } finally {
                hold.touch();
            }
        });
    }

    @Override
    public Context onClose(Action action) {
        // Through the lifecycle's type: on the context itself, onClose(Action) would take this lambda too.
        lifecycle().onClose(() -> dispatcher.run(this, action));
        return this;
    }

    @Override
    public Context deadline(Duration deadline) {
        if (deadline.isZero() || deadline.isNegative()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
        this.deadline = deadline;
        // While the handler runs the deadline waits for the deferral; a deferred request or a stream takes it now.
        extend(deadline);
        return this;
    }

    @Override
    public boolean isOpen() {
        return super.isOpen();
    }

    // ---- real time: delegated to the hub and the event streams ---------------------------------------

    @Override
    public SseEmitter sse() {
        return openSse(respond());
    }

    DefaultSseEmitter openSse(Responder respond) {
        return DefaultSseEmitter.open(this, respond, dispatcher.settings().sseHeartbeat(), () -> dispatcher.json().mapper());
    }

    @Override
    public Subscription subscribe(String topic, Listener listener) {
        RequestOwner owner = new RequestOwner(this, dispatcher);
        return dispatcher.hub().subscribe(topic(topic), -1, owner, new ListenerSink(owner, listener));
    }

    @Override
    public Feed subscribe(String topic) {
        return new DefaultFeed(this, dispatcher.hub(), topic(topic), new RequestOwner(this, dispatcher),
                () -> openSse(respond()));
    }

    private static String topic(String topic) {
        String problem = TopicNames.problem(topic);
        if (problem != null) {
            throw new HttpException(400, "Not a topic: " + problem + ".");
        }
        return topic;
    }

    // ---- making responses ---------------------------------------------------------------------------

    /** Turns a handler's answer into a response, with the status and headers set on this context. */
    Response toResponse(Object body) {
        return toResponse(-1, body);
    }

    /**
     * Turns an answer into a response with a given status, leaving the context's own status alone, so that
     * racing answers with different statuses never mix one's status with another's body. An answer that is
     * not text, bytes or a response is written as JSON.
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
        Headers typed;
        if (body instanceof String) {
            bytes = ((String) body).getBytes(StandardCharsets.UTF_8);
            typed = dispatcher.textHeaders();
        } else if (body instanceof byte[]) {
            bytes = (byte[]) body;
            typed = BYTES;
        } else if (body == null) {
            bytes = NO_BODY;
            typed = Headers.empty();
        } else {
            try {
                bytes = dispatcher.json().mapper().write(body);
            } catch (IllegalStateException | JsonException e) {
                throw new IllegalArgumentException("route " + route() + " answered with a " + body.getClass().getName()
                        + ", which is written as JSON, and " + e.getMessage(), e);
            }
            typed = JSON;
        }
        synchronized (this) {
            int s = status == -1 ? this.status : status;
            Headers h;
            if (headers == null) {
                h = typed;
            } else {
                String type = typed.get("Content-Type");
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
        return withHeaders(Response.redirect(Locations.resolve(request, dispatcher.origin(request), location), status));
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
        return response.withHeaders(merged.build());
    }

    /** Adds the cookies set on the context to a response about to leave. */
    synchronized Response withCookies(Response response) {
        if (cookies == null) {
            return response;
        }
        Headers.Builder h = response.headers().newBuilder();
        cookies.values().forEach(c -> h.add("Set-Cookie", c.toSetCookie()));
        return response.withHeaders(h.build());
    }

    /** Returns the head of a stream about to start: the context's status and headers, with a Content-Type. */
    synchronized Response streamHead() {
        Headers h = headers == null ? Headers.empty() : headers.build();
        if (!h.has("Content-Type")) {
            h = h.newBuilder().add("Content-Type", dispatcher.settings().contentType()).build();
        }
        return Response.of(status, h, NO_BODY);
    }

    StreamWriter startStream() {
        Hold hold = hold();
        return new DefaultStreamWriter(dispatcher.startStream(this), this, hold);
    }
}
