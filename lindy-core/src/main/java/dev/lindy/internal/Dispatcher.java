package dev.lindy.internal;

import dev.lindy.Action;
import dev.lindy.AfterHook;
import dev.lindy.Cancellable;
import dev.lindy.ContextPlugin;
import dev.lindy.ErrorHandler;
import dev.lindy.Handler;
import dev.lindy.HttpException;
import dev.lindy.Settings;
import dev.lindy.files.internal.FileAnswers;
import dev.lindy.files.internal.PublicFiles;
import dev.lindy.http.Cookie;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.hub.internal.DefaultHub;
import dev.lindy.ws.internal.DefaultWebSocket;
import dev.lindy.ws.internal.DefaultWebSocketSpec;
import dev.lindy.ws.internal.Handshake;
import dev.lindy.session.SessionData;
import dev.lindy.session.SessionStore;
import dev.lindy.session.internal.DefaultSession;
import dev.lindy.session.internal.SessionStores;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.spi.Loop;
import dev.lindy.upload.MultipartParser;
import dev.lindy.upload.internal.Uploads;
import java.net.InetSocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each request through its phases, in this order:
 * <ol>
 * <li>the session: loaded when the request carries the session cookie, without blocking;
 * <li>static files: a GET or HEAD for a file of the public directory is answered with it, on a worker;
 * <li>route match: 404, 405, 501 and automatic OPTIONS when nothing matches;
 * <li>uploads: a {@code multipart/form-data} body is read on a worker, its fields joining the parameters;
 * <li>the {@code before} hooks and the handler, on the event loop for {@code async} routes and on a worker
 * otherwise;
 * <li>settling the handler's answer: a value now, a stage later, or a deferral through the responder;
 * failures go to the error handlers (by class, then by status);
 * <li>the after phase, once, for whichever answer wins: {@code after} hooks, cookies, the session saved,
 * then the bytes.
 * </ol>
 * Keyword signals ({@code halt}, {@code pass}, {@code forward}, {@code sendError}) and failures are caught
 * here and nowhere else.
 */
public final class Dispatcher implements ExchangeHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final String FAILED = "The server failed to answer this request.";
    private static final String STORE_DOWN = "The session store is unavailable; try again shortly.";
    private static final String SHUTTING_DOWN = "The server is shutting down; try again shortly.";

    private final Declarations app;
    private final Router router;
    private final Settings settings;
    private final Executor workers;
    private final Watchdog watchdog;
    private final Json json;
    private final SessionStore sessions;
    private final boolean ownsSessions;
    private final Views views;
    private final PublicFiles publicFiles;
    private final Uploads uploads;
    private final TrustedProxies proxies;
    private final DefaultHub hub;
    private final AccessLog accessLog;
    private final Headers textHeaders;
    // The exchanges not yet answered (or whose stream runs), for the drain at shutdown to end.
    private final InFlight open = new InFlight();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean draining;
    private volatile Signer signer;

    /**
     * Creates a dispatcher.
     *
     * @param app the frozen declarations
     * @param settings the app's settings
     * @param workers the executor blocking handlers run on
     * @param hub the app's hub
     */
    public Dispatcher(Declarations app, Settings settings, Executor workers, DefaultHub hub) {
        // The store first: one that cannot work (its server unreachable) stops the start before anything runs.
        this.ownsSessions = settings.sessionStore() == null;
        this.sessions = ownsSessions ? SessionStores.make(settings) : settings.sessionStore();
        this.app = app;
        this.router = app.router();
        this.settings = settings;
        this.workers = workers;
        this.watchdog = new Watchdog(settings.handlerTimeout(), settings.blockedLoopThreshold());
        this.json = new Json(settings.jsonMapper());
        this.views = new Views(settings);
        this.publicFiles = PublicFiles.of(settings.publicDir(), settings.serveDotfiles());
        this.uploads = new Uploads(settings, BodySpool.diskThreads());
        this.proxies = TrustedProxies.of(settings.trustedProxies(), settings.forwardedHeaders());
        this.hub = hub;
        this.accessLog = AccessLog.of(settings.accessLog());
        this.textHeaders = Headers.of("Content-Type", settings.contentType());
    }

    // ---- 1. a new exchange, and its session ----------------------------------------------------------

    @Override
    public void refused(InetSocketAddress remoteAddress, String requestLine, int status, long bytes) {
        if (accessLog != null) {
            accessLog.refused(remoteAddress, requestLine, status, bytes);
        }
    }

    @Override
    public void handle(Exchange exchange) {
        DefaultContext ctx = new DefaultContext(this, exchange);
        Lifecycle lifecycle = ctx.lifecycle();
        // In flight before a close can end it: a host may run the close callback on its own thread at once.
        open.add(ctx);
        exchange.onClose(lifecycle);
        if (draining) {
            answerOffThread(ctx, 503, SHUTTING_DOWN);
            return;
        }
        Path spooled = exchange.request().bodyFile();
        if (spooled != null) {
            long length = exchange.request().bodyLength();
            lifecycle.onEnd(() -> {
                BodySpool.released(length);
                uploads.delete(List.of(spooled));
            });
        }
        // Static files first, as in Dancer: they neither wait for nor depend on the session store.
        String file = staticFile(exchange.request());
        if (file != null) {
            ctx.sessionSkipped();
            runOnWorker(ctx, () -> serveStatic(ctx, file, () -> loadSession(ctx)), "a static file");
            return;
        }
        loadSession(ctx);
    }

    private String staticFile(Request request) {
        boolean read = request.method().equals(Method.GET) || request.method().equals(Method.HEAD);
        return read && publicFiles != null ? publicFiles.lookup(request.path()) : null;
    }

    // Loads the session the request's cookie names, without blocking, then matches a route.
    private void loadSession(DefaultContext ctx) {
        Lifecycle lifecycle = ctx.lifecycle();
        Request request = lifecycle.exchange().request();
        String cookie = request.headers().has("Cookie") ? request.cookie(settings.sessionCookie()) : null;
        if (cookie == null) {
            ctx.sessionLoaded(null);
            match(ctx, 0);
            return;
        }
        // A store that never answers must not hold the request forever: the async deadline bounds it, from
        // the moment the store is asked.
        AtomicBoolean settled = new AtomicBoolean();
        Cancellable timer = lifecycle.loop().deadline(settings.asyncDeadline(), () -> {
            if (settled.compareAndSet(false, true)) {
                warn("session load", "the session store did not load a session within " + settings.asyncDeadline()
                        + "; answered 503", null);
                answerOffThread(ctx, 503, STORE_DOWN);
            }
        });
        CompletionStage<SessionData> load;
        try {
            load = sessions.load(cookie);
        } catch (RuntimeException e) {
            load = CompletableFuture.failedFuture(e);
        }
        load.whenComplete((data, error) -> guard(ctx, () -> {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            timer.cancel();
            if (error != null) {
                warn("session load", "the session store failed to load a session; answered 503", unwrap(error));
                answerOffThread(ctx, 503, STORE_DOWN);
                return;
            }
            ctx.sessionLoaded(data);
            match(ctx, 0);
        }));
    }

    /** A request's exchange ended: it is no longer open, and may be the last one a drain waits for. */
    void ended(DefaultContext ctx) {
        open.remove(ctx);
        if (draining && open.isEmpty()) {
            drained.complete(null);
        }
    }

    /**
     * Answers an error found off the request's own flow (a deadline, a timeout, a dropped responder, a store
     * that failed) on a worker: status pages and after hooks are user code, which the event loop and the
     * watchdog never run.
     */
    boolean answerOffThread(DefaultContext ctx, int status, String message) {
        // The answer is won here, at once, so that nothing answers in between; the worker that makes it
        // owns the win until its answer goes out.
        if (!ctx.lifecycle().claim()) {
            return false;
        }
        Runnable page = () -> {
            ctx.claimOwner = Thread.currentThread();
            try {
                finishError(ctx, status, message, null);
            } finally {
                if (ctx.claimOwner == Thread.currentThread()) {
                    // The page went elsewhere (a pass, a forward) and nothing answered: Lindy's own page does.
                    ctx.claimOwner = null;
                    ctx.lifecycle().deliver(ErrorPages.page(status, message, null, settings.development()));
                }
            }
        };
        try {
            workers.execute(() -> guard(ctx, page));
        } catch (RejectedExecutionException e) {
            guard(ctx, page);
        }
        return true;
    }

    // True for the worker answering an error whose answer was won for it; the first finish uses the win.
    private static boolean ownsClaim(DefaultContext ctx) {
        return ctx.claimOwner == Thread.currentThread();
    }

    /**
     * Runs a step of a request, making sure a failure it lets escape still answers: a step that throws on
     * a worker or in a completion callback would otherwise leave the client waiting forever.
     */
    private void guard(DefaultContext ctx, Runnable step) {
        try {
            step.run();
        } catch (Throwable t) {
            try {
                fail(ctx, t);
            } catch (Throwable again) {
                error("internal " + ctx.route(), "answering a failure of " + ctx.route() + " failed; answered 500", again);
                if (ctx.lifecycle().claim()) {
                    ctx.lifecycle().deliver(ErrorPages.page(500, FAILED, null, settings.development()));
                }
            }
        }
    }

    // ---- 2. static files ----------------------------------------------------------------------------

    // A forward may lead to a static file; a pass goes on through the routes.
    private void dispatch(DefaultContext ctx, int from) {
        String file = from == 0 ? staticFile(ctx.request()) : null;
        if (file != null) {
            runOnWorker(ctx, () -> serveStatic(ctx, file, () -> match(ctx, 0)), "a static file");
            return;
        }
        match(ctx, from);
    }

    // On a worker: the disk is read here. A file that is gone, or leads out of the public directory through
    // a link, is no static file: the routes get the request.
    private void serveStatic(DefaultContext ctx, String file, Runnable notStatic) {
        Response response = null;
        try {
            Path root = publicFiles.root();
            Path real = root.resolve(file.substring(1)).toRealPath();
            if (real.startsWith(root)) {
                FileAnswers.Options options = new FileAnswers.Options(MimeTypes.forFile(real.getFileName().toString()),
                        settings.staticCacheControl(), null, root);
                response = FileAnswers.file(ctx.request(), real, options);
            }
        } catch (IOException e) {
            LOG.debug("static file {} cannot be served: {}", file, e.toString());
        }
        if (response == null) {
            ctx.sessionUnskipped();
            notStatic.run();
        } else {
            finish(ctx, response);
        }
    }

    /** Answers with what a worker prepares (a file to send): the handler has ended, the disk is read off the loop. */
    void answerFromWorker(DefaultContext ctx, Callable<Response> work) {
        Hold hold = ctx.lifecycle().hold();
        runOnWorker(ctx, () -> {
            try {
                Response r;
                try {
                    r = work.call();
                } catch (Throwable t) {
                    fail(ctx, t);
                    return;
                }
                finish(ctx, r);
            } finally {
                hold.touch();
            }
        }, ctx.route());
    }

    /**
     * Returns the file of the public directory a path names, or null: none, a dot file (unless served), or
     * one that leads out of the directory. Reads the disk.
     */
    Path publicFile(String path) throws IOException {
        if (publicFiles == null) {
            return null;
        }
        Path root = publicFiles.root();
        String relative = path.startsWith("/") ? path.substring(1) : path;
        Path real;
        try {
            real = root.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
        if (!real.startsWith(root) || !publicFiles.allows(root.relativize(real).toString().replace('\\', '/'))
                || !Files.isRegularFile(real)) {
            return null;
        }
        real = real.toRealPath();
        return real.startsWith(root) ? real : null;
    }

    // ---- 3. route match ------------------------------------------------------------------------------

    private void match(DefaultContext ctx, int from) {
        Request request = ctx.request();
        RouteMatch match = router.find(request.method(), request.path(), from);
        if (match == null) {
            if (from == 0 && beforeHooksApply(request.path())) {
                // Hooks may block (a database lookup): they run on a worker, then the 404 or 405 goes out.
                runOnWorker(ctx, () -> unmatchedAfterHooks(ctx), "(no route)");
            } else if (app.hasAnswerHooks() || views.exists("404") || views.exists("405") || views.exists("501")) {
                // After hooks and status pages are user code, which may block: not on the event loop.
                runOnWorker(ctx, () -> unmatched(ctx, from), "(no route)");
            } else {
                unmatched(ctx, from);
            }
            return;
        }
        ctx.match(match);
        Route route = match.route();
        boolean hooks = from == 0;
        if (!ctx.partsRead() && Uploads.applies(request)) {
            runOnWorker(ctx, () -> {
                if (readParts(ctx)) {
                    start(ctx, route, hooks, true);
                }
            }, route.toString());
            return;
        }
        start(ctx, route, hooks, false);
    }

    private void start(DefaultContext ctx, Route route, boolean hooks, boolean onWorker) {
        if (route.onLoop()) {
            Loop loop = ctx.lifecycle().loop();
            if (loop.inLoop()) {
                invoke(ctx, route, hooks);
            } else {
                loop.execute(() -> guard(ctx, () -> invoke(ctx, route, hooks)));
            }
        } else if (onWorker) {
            invoke(ctx, route, hooks);
        } else {
            runOnWorker(ctx, () -> invoke(ctx, route, hooks), route.toString());
        }
    }

    // On a worker: the body's parts go to memory or temporary files, deleted when the exchange ends.
    private boolean readParts(DefaultContext ctx) {
        if (!ctx.lifecycle().isOpen()) {
            return false;
        }
        MultipartParser.Parts parts;
        try {
            parts = uploads.read(ctx.request());
        } catch (HttpException e) {
            fail(ctx, e);
            return false;
        } catch (IOException | RuntimeException e) {
            error("multipart " + ctx.route(), "reading the multipart body of " + ctx.route() + " failed; answered 500", e);
            finishError(ctx, 500, FAILED, null);
            return false;
        }
        List<Path> files = new ArrayList<>(Uploads.filesOf(parts.uploads()));
        ctx.lifecycle().onEnd(() -> uploads.delete(files));
        ctx.parts(parts);
        return true;
    }

    private void runOnWorker(DefaultContext ctx, Runnable task, String what) {
        try {
            workers.execute(() -> guard(ctx, task));
        } catch (RejectedExecutionException e) {
            warn("busy", "no worker free for " + what + "; answered 503", null);
            finishError(ctx, 503, "The server is too busy to answer; try again shortly.", null);
        }
    }

    private boolean beforeHooksApply(String path) {
        for (Declarations.Before b : app.befores()) {
            if (b.appliesTo(path)) {
                return true;
            }
        }
        return false;
    }

    private void unmatchedAfterHooks(DefaultContext ctx) {
        Watchdog.Run run = watchdog.worker(ctx.lifecycle());
        boolean go;
        try {
            go = runHooks(ctx, true);
        } finally {
            watchdog.done(run);
        }
        if (go) {
            unmatched(ctx, 0);
        }
    }

    private void unmatched(DefaultContext ctx, int from) {
        Request request = ctx.request();
        if (from == 0 && !router.knows(request.method())) {
            finishError(ctx, 501, request.method() + " is not a method this server implements.", null);
            return;
        }
        Set<Method> allowed = from == 0 ? router.allowed(request.path()) : Set.of();
        if (allowed.isEmpty()) {
            finishError(ctx, 404, "Nothing here answers " + request.method() + " " + request.path() + ".", null);
            return;
        }
        StringJoiner allow = new StringJoiner(", ");
        allowed.forEach(m -> allow.add(m.name()));
        if (!allowed.contains(Method.OPTIONS)) {
            allow.add("OPTIONS");
        }
        ctx.header("Allow", allow.toString());
        if (request.method().equals(Method.OPTIONS)) {
            finish(ctx, ctx.toResponse(204, null));
            return;
        }
        finishError(ctx, 405, request.method() + " is not allowed here; try " + allow + ".", null);
    }

    // ---- 4. before hooks and the handler -------------------------------------------------------------

    private void invoke(DefaultContext ctx, Route route, boolean hooks) {
        if (!ctx.lifecycle().isOpen()) {
            return;
        }
        Watchdog.Run run = route.onLoop()
                ? watchdog.loop(ctx.lifecycle(), "the async handler")
                : watchdog.worker(ctx.lifecycle());
        Object result;
        ctx.handlerThread = Thread.currentThread();
        try {
            if (hooks && !runBefores(ctx)) {
                return;
            }
            result = route.handler().handle(ctx);
        } catch (Throwable t) {
            ctx.handlerThread = null;
            watchdog.done(run);
            fail(ctx, t);
            return;
        } finally {
            ctx.handlerThread = null;
        }
        watchdog.done(run);
        settle(ctx, result);
    }

    // Runs the before hooks that apply, in order, as part of the handler's run; false if one answered.
    private boolean runBefores(DefaultContext ctx) throws Exception {
        String path = ctx.request().path();
        for (Declarations.Before b : app.befores()) {
            if (b.appliesTo(path)) {
                b.hook().handle(ctx);
                if (ctx.lifecycle().isDone()) {
                    return false;
                }
            }
        }
        return true;
    }

    // The before hooks of a request no route matched, on a worker; false if one answered or failed.
    private boolean runHooks(DefaultContext ctx, boolean unmatched) {
        ctx.handlerThread = Thread.currentThread();
        try {
            return runBefores(ctx);
        } catch (Throwable t) {
            ctx.handlerThread = null;
            fail(ctx, t);
            return false;
        } finally {
            ctx.handlerThread = null;
        }
    }

    // ---- 5. settling the answer ----------------------------------------------------------------------

    private void settle(DefaultContext ctx, Object result) {
        if (result instanceof CompletionStage) {
            // The stage holds the request until it completes: a stage dropped unfinished is noticed.
            Hold hold = ctx.lifecycle().hold();
            ((CompletionStage<?>) result).whenComplete((value, error) -> {
                try {
                    guard(ctx, () -> {
                        if (error != null) {
                            fail(ctx, error);
                        } else {
                            settleValue(ctx, value);
                        }
                    });
                } finally {
                    hold.touch();
                }
            });
            defer(ctx);
            return;
        }
        settleValue(ctx, result);
    }

    private void settleValue(DefaultContext ctx, Object value) {
        if (value != null) {
            Response response;
            try {
                response = ctx.toResponse(value);
            } catch (RuntimeException e) {
                fail(ctx, e);
                return;
            }
            if (!finish(ctx, response) && ctx.lifecycle().isStreaming()) {
                // The handler started a stream and then answered as well: the stream stands, the answer cannot.
                warn("value after stream " + ctx.route(), ctx.route() + " started a stream and then answered with a "
                        + value.getClass().getSimpleName() + ", which was dropped; return null after streaming", null);
            }
            ctx.lifecycle().release();
        } else if (ctx.responderTaken()) {
            defer(ctx);
        } else if (!ctx.lifecycle().isDone()) {
            String message = "Route " + ctx.route() + " neither answered nor took its responder.";
            if (finishError(ctx, 500, message, null)) {
                error("silent " + ctx.route(), message, null);
            }
        }
    }

    private void defer(DefaultContext ctx) {
        ctx.lifecycle().defer(deadlineOf(ctx));
    }

    private Duration deadlineOf(DefaultContext ctx) {
        Duration deadline = ctx.deadline();
        if (deadline == null && ctx.match() != null) {
            deadline = ctx.match().route().deadline();
        }
        return deadline != null ? deadline : settings.asyncDeadline();
    }

    /** Answers with a 500 (or the failure's own status) through the error handlers, acts on a signal, or ends a failed stream. */
    boolean fail(DefaultContext ctx, Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof Signal) {
            return signal(ctx, (Signal) t);
        }
        Lifecycle lifecycle = ctx.lifecycle();
        if (lifecycle.isStreaming() && lifecycle.abortStream("failed while streaming", t)) {
            return true;
        }
        if (lifecycle.isDone() && !ownsClaim(ctx)) {
            if (!(t instanceof HttpException)) {
                warn("late " + ctx.route() + " " + t.getClass().getName(), ctx.route() + " failed after its request ended", t);
            }
            return false;
        }
        int status = t instanceof HttpException ? ((HttpException) t).status() : 500;
        if (status >= 500) {
            // A handler that failed leaves nothing of its answer behind: not its headers, cookies or session.
            ctx.rollback();
        }
        // A failure while an error is being answered goes to Lindy's own page: handlers never loop.
        ErrorHandler<?> handler = ctx.answeringError ? null : app.errorHandler(t);
        if (handler != null) {
            return answerWithErrorHandler(ctx, handler, t, status);
        }
        if (status >= 500) {
            error("failed " + ctx.route() + " " + t.getClass().getName(), ctx.route() + " failed", t);
        }
        boolean shown = t instanceof HttpException && (status < 500 || settings.development());
        return finishError(ctx, status, shown ? t.getMessage() : FAILED, t);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean answerWithErrorHandler(DefaultContext ctx, ErrorHandler handler, Throwable t, int status) {
        Object body;
        Thread previous = ctx.handlerThread;
        ctx.handlerThread = Thread.currentThread();
        ctx.answeringError = true;
        try {
            ctx.status(status);
            body = handler.handle(ctx, t);
        } catch (Signal s) {
            ctx.handlerThread = previous;
            return signal(ctx, s);
        } catch (Throwable e) {
            ctx.handlerThread = previous;
            error("error handler " + ctx.route(), "the error handler for " + t.getClass().getName() + " failed too", e);
            return finish(ctx, ErrorPages.page(500, FAILED, settings.development() ? e : null, settings.development()));
        }
        ctx.handlerThread = previous;
        try {
            return finish(ctx, ctx.toResponse(body));
        } catch (RuntimeException e) {
            error("error handler " + ctx.route(), "the error handler for " + t.getClass().getName() + " answered badly", e);
            return finish(ctx, ErrorPages.page(500, FAILED, null, settings.development()));
        }
    }

    private boolean signal(DefaultContext ctx, Signal signal) {
        if (signal.handled()) {
            return false;
        }
        if (signal.response() != null) {
            return finish(ctx, signal.response());
        }
        if (signal.failure() != null) {
            return fail(ctx, signal.failure());
        }
        if (signal.forwardPath() != null) {
            forward(ctx, signal.forwardMethod(), signal.forwardPath(), signal.forwardParams());
            return true;
        }
        if (signal.work() != null) {
            answerFromWorker(ctx, signal.work());
            return true;
        }
        passOn(ctx, signal.passFrom());
        return true;
    }

    void passOn(DefaultContext ctx, int from) {
        ctx.releaseResponder();
        ctx.lifecycle().handleAgain();
        dispatch(ctx, from + 1);
    }

    void forward(DefaultContext ctx, Method method, String path, Map<String, String> params) {
        boolean forwarded;
        try {
            forwarded = ctx.forwardTo(method, path, params);
        } catch (IllegalArgumentException e) {
            // The path was built from what the client sent (a parameter holding %2F, say): the client's error.
            fail(ctx, new HttpException(400, "The request leads to a malformed path: " + e.getMessage()));
            return;
        }
        if (!forwarded) {
            String message = "Route " + ctx.route() + " forwarded more than 10 times in a row; is it a loop?";
            if (finishError(ctx, 500, message, null)) {
                error("forward loop " + ctx.route(), message, null);
            }
            return;
        }
        ctx.releaseResponder();
        ctx.lifecycle().handleAgain();
        dispatch(ctx, 0);
    }

    /** Runs a callback of the request on its loop, with keywords and failures handled as in a handler. */
    void run(DefaultContext ctx, Action action) {
        Watchdog.Run run = watchdog.loop(ctx.lifecycle(), "a callback");
        try {
            action.run();
        } catch (Throwable t) {
            fail(ctx, t);
        } finally {
            watchdog.done(run);
        }
    }

    // ---- error pages ---------------------------------------------------------------------------------

    /** Answers with the error page of a status: the app's page for it, else Lindy's. */
    boolean finishError(DefaultContext ctx, int status, String message, Throwable cause) {
        if (ctx.lifecycle().isDone() && !ownsClaim(ctx)) {
            return false;
        }
        Handler page = ctx.answeringError ? null : app.statusHandler(status);
        if (page != null) {
            Thread previous = ctx.handlerThread;
            ctx.handlerThread = Thread.currentThread();
            ctx.answeringError = true;
            try {
                ctx.status(status);
                Object body = page.handle(ctx);
                if (body != null) {
                    ctx.handlerThread = previous;
                    return finish(ctx, ctx.toResponse(status, body));
                }
            } catch (Signal s) {
                ctx.handlerThread = previous;
                return signal(ctx, s);
            } catch (Throwable e) {
                error("error page " + status, "the error page for " + status + " failed", e);
                ctx.handlerThread = previous;
                return finish(ctx, ErrorPages.page(500, FAILED, null, settings.development()));
            }
            ctx.handlerThread = previous;
        }
        String template = String.valueOf(status);
        if (views.exists(template)) {
            try {
                return finish(ctx, ctx.toResponse(status, views.render(ctx, template,
                        Map.of("status", status, "message", message), settings.layout(), app.templateHooks())));
            } catch (RuntimeException e) {
                error("error template " + status, "the error template views/" + status + ".peb failed", e);
            }
        }
        byte[] own = publicFiles == null ? null : publicFiles.errorPage(status);
        if (own != null && !(settings.development() && cause != null)) {
            return finish(ctx, ctx.toResponse(Response.of(status, Headers.of("Content-Type", "text/html; charset=utf-8"), own)));
        }
        Response lindys = ErrorPages.page(status, message, cause, settings.development(), ctx.route(), ctx.request());
        return finish(ctx, ctx.toResponse(lindys));
    }

    // ---- 6. the after phase --------------------------------------------------------------------------

    /** Sends a response through the after phase, if it wins the exactly-once race; false otherwise. */
    boolean finish(DefaultContext ctx, Response response) {
        if (ownsClaim(ctx)) {
            ctx.claimOwner = null;
        } else if (!ctx.lifecycle().claim()) {
            closeFile(response, null);
            return false;
        }
        Response r = ctx.withCookies(afterHooks(ctx, response));
        closeFile(response, r);
        DefaultSession session = ctx.usedSession();
        if (session == null) {
            deliver(ctx, r);
            return true;
        }
        AtomicBoolean settled = new AtomicBoolean();
        Cancellable timer = ctx.lifecycle().loop().after(settings.asyncDeadline(), () -> {
            if (settled.compareAndSet(false, true)) {
                error("session save", "the session store did not save a session within " + settings.asyncDeadline()
                        + "; answered 503", null);
                closeFile(r, null);
                ctx.lifecycle().deliver(ErrorPages.page(503, STORE_DOWN, null, settings.development()));
            }
        });
        CompletionStage<String> saved;
        try {
            saved = session.save(settings.sessionIdleTimeout());
        } catch (RuntimeException e) {
            saved = CompletableFuture.failedFuture(e);
        }
        saved.whenComplete((cookie, error) -> {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            timer.cancel();
            Response out;
            try {
                if (error != null) {
                    Throwable t = unwrap(error);
                    int status = t instanceof IllegalStateException ? 500 : 503;
                    error("session save", "the session could not be saved; answered " + status, t);
                    out = ErrorPages.page(status, status == 503 ? STORE_DOWN : FAILED, null, settings.development());
                } else {
                    out = cookie == null ? r : withSessionCookie(ctx, r, cookie);
                }
            } catch (RuntimeException e) {
                error("session cookie", "the session cookie could not be set; answered 500", e);
                out = ErrorPages.page(500, FAILED, null, settings.development());
            }
            if (out != r) {
                closeFile(r, null);
            }
            deliver(ctx, out);
        });
        return true;
    }

    private static void deliver(DefaultContext ctx, Response r) {
        if (!ctx.lifecycle().deliver(r)) {
            closeFile(r, null);
        }
    }

    // A response's open file is closed unless the response that leaves still carries it.
    private static void closeFile(Response original, Response sent) {
        if (original.file() != null && (sent == null || sent.file() != original.file())) {
            original.file().close();
        }
    }

    private Response afterHooks(DefaultContext ctx, Response response) {
        Response r = response;
        for (AfterHook hook : app.afters()) {
            try {
                Response next = hook.handle(ctx, r);
                if (next != null) {
                    r = next;
                }
            } catch (Signal ignored) {
                // The answer is already chosen: keywords that answer do nothing in an after hook.
            } catch (Throwable e) {
                error("after hook " + ctx.route(), "an after hook failed on " + ctx.route() + "; answered 500", e);
                return ErrorPages.page(500, FAILED, null, settings.development());
            }
        }
        return r;
    }

    private Response withSessionCookie(DefaultContext ctx, Response response, String value) {
        Origin origin = origin(ctx.request());
        Cookie.Builder c = value.isEmpty()
                ? Cookie.removal(settings.sessionCookie()).newBuilder()
                : Cookie.builder(settings.sessionCookie(), value);
        c.path(origin.basePath().isEmpty() ? "/" : origin.basePath()).secure(origin.isSecure());
        Headers h = response.headers().newBuilder().add("Set-Cookie", c.build().toSetCookie()).build();
        return response.withHeaders(h);
    }

    /** Starts a streamed answer: the stream's head goes through the after phase before it leaves. */
    StreamFlow startStream(DefaultContext ctx) {
        Lifecycle lifecycle = ctx.lifecycle();
        lifecycle.claimStream();
        Response head = ctx.withCookies(afterHooks(ctx, ctx.streamHead()));
        DefaultSession session = ctx.usedSession();
        if (session != null) {
            CompletableFuture<String> saved;
            try {
                saved = session.save(settings.sessionIdleTimeout()).toCompletableFuture();
            } catch (RuntimeException e) {
                saved = CompletableFuture.failedFuture(e);
            }
            // A store that answers at once (memory, cookie) sends its cookie with the head; a networked one
            // saves while the stream runs, and its cookie cannot join a head already sent.
            if (saved.isDone() && !saved.isCompletedExceptionally() && saved.join() != null) {
                head = withSessionCookie(ctx, head, saved.join());
            }
            saved.whenComplete((cookie, error) -> {
                if (error != null) {
                    error("session save", "the session of a stream could not be saved", unwrap(error));
                }
            });
        }
        return lifecycle.openStream(head.status(), head.headers(), deadlineOf(ctx));
    }

    // ---- what the context delegates to ---------------------------------------------------------------

    /** Returns the fields of a text answer that names no type itself: the default content type, made once. */
    Headers textHeaders() {
        return textHeaders;
    }

    /** Returns the access log, or null when it is off. */
    AccessLog accessLog() {
        return accessLog;
    }

    Settings settings() {
        return settings;
    }

    String render(DefaultContext ctx, String name, Map<String, ?> model, String layout) {
        return views.render(ctx, name, model, layout, app.templateHooks());
    }

    Json json() {
        return json;
    }

    DefaultHub hub() {
        return hub;
    }

    @Override
    public boolean needsWebSockets() {
        return app.hasWebSockets();
    }

    /**
     * Answers a WebSocket route: checks the upgrade request, wins the answer, and hands the connection to a
     * socket that runs the route's handlers. Runs as the route's handler, after the before hooks.
     */
    void upgrade(DefaultContext ctx, DefaultWebSocketSpec spec) {
        Request request = ctx.request();
        Origin origin = origin(request);
        try {
            Handshake.check(request, origin.scheme() + "://" + origin.host(), settings.webSocketOrigins());
        } catch (HttpException e) {
            if (e.status() == 426) {
                ctx.header("Upgrade", "websocket").header("Sec-WebSocket-Version", "13");
            }
            throw e;
        }
        Lifecycle lifecycle = ctx.lifecycle();
        if (!lifecycle.claim()) {
            return;
        }
        DefaultWebSocket socket = new DefaultWebSocket(ctx, spec, (what, action) -> runWatched(ctx, what, action), hub,
                () -> json.mapper(), settings.streamBufferBytes());
        if (!lifecycle.exchange().upgrade(Headers.empty(), socket)) {
            lifecycle.deliver(ErrorPages.page(501, "WebSockets are not supported on this host.", null, settings.development()));
        }
    }

    // A WebSocket's callback on its loop, watched like a request's; returns what it threw.
    private Throwable runWatched(DefaultContext ctx, String what, Action action) {
        Watchdog.Run run = watchdog.loop(ctx.lifecycle(), what);
        try {
            action.run();
            return null;
        } catch (Throwable t) {
            return t;
        } finally {
            watchdog.done(run);
        }
    }

    /** A hub subscriber of the request fell behind under the close policy: end the request. */
    void overflowed(DefaultContext ctx) {
        Lifecycle lifecycle = ctx.lifecycle();
        if (lifecycle.isStreaming()) {
            lifecycle.abortStream("fell behind a hub subscription (hubOverflow close)", null);
        } else if (answerOffThread(ctx, 503, "The server could not keep up with this request's updates.")) {
            warn("overflow " + ctx.route(), ctx.route() + " fell behind a hub subscription; answered 503", null);
        }
    }

    SessionStore sessionStore() {
        return sessions;
    }

    Origin origin(Request request) {
        return Origin.of(request, proxies);
    }

    ContextPlugin<?> plugin(Class<?> type) {
        ContextPlugin<?> p = app.plugin(type);
        if (p == null) {
            throw new IllegalStateException("the plugin " + type.getName() + " is not registered: app.register(...) it first");
        }
        return p;
    }

    /** Returns the cookie signer, made on first use from the app's secrets. */
    Signer signer() {
        Signer s = signer;
        if (s == null) {
            synchronized (this) {
                if (signer == null) {
                    signer = new Signer(Secrets.orDevelopmentSecret(settings));
                }
                s = signer;
            }
        }
        return s;
    }

    // ---- the drain at shutdown ------------------------------------------------------------------------

    /**
     * Starts the drain: requests that arrive from now on get a 503; those in flight go on.
     *
     * @return completes when no exchange is in flight any more
     */
    public CompletableFuture<Void> drain() {
        draining = true;
        if (open.isEmpty()) {
            drained.complete(null);
        }
        return drained;
    }

    /**
     * Ends what the grace period left in flight: a pending answer gets a 503, a stream its final chunk.
     *
     * @return how many exchanges were ended
     */
    public int endAll() {
        int ended = 0;
        for (DefaultContext ctx : open.snapshot()) {
            Lifecycle lifecycle = ctx.lifecycle();
            try {
                if (lifecycle.isStreaming() ? lifecycle.endStream() : answerOffThread(ctx, 503, SHUTTING_DOWN)) {
                    ended++;
                }
            } catch (RuntimeException e) {
                // A host whose loops stopped before the app (a container shutting down) refuses the work: the
                // others are still ended, and the stop goes on to close what the app made.
                long skipped = LogLimiter.SHARED.admit("end at stop");
                if (skipped >= 0) {
                    LOG.warn("could not end {} at the stop: {}{}", lifecycle.route(), e.toString(),
                            LogLimiter.note(skipped));
                }
            }
        }
        return ended;
    }

    /** Stops watching handlers and closes what the app made; called when the app stops. */
    @Override
    public void close() {
        watchdog.close();
        if (accessLog != null) {
            accessLog.close();
        }
        if (publicFiles != null) {
            publicFiles.close();
        }
        try {
            views.close();
        } catch (Exception e) {
            LOG.debug("closing the template engine: {}", e.toString());
        }
        if (ownsSessions && sessions instanceof AutoCloseable) {
            try {
                ((AutoCloseable) sessions).close();
            } catch (Exception e) {
                LOG.warn("closing the session store: {}", e.toString());
            }
        }
    }

    private static void error(String key, String message, Throwable t) {
        long skipped = LogLimiter.SHARED.admit(key);
        if (skipped >= 0) {
            LOG.error("{}{}", message, LogLimiter.note(skipped), t);
        }
    }

    private static void warn(String key, String message, Throwable t) {
        long skipped = LogLimiter.SHARED.admit(key);
        if (skipped >= 0) {
            LOG.warn("{}{}", message, LogLimiter.note(skipped), t);
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
