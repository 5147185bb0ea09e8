package dev.lindy.internal;

import dev.lindy.Action;
import dev.lindy.Settings;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.spi.Loop;
import java.time.Duration;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each request through its phases, in this order: route match (404, 405, 501, automatic OPTIONS), the
 * handler (on the event loop for {@code async} routes, on a worker otherwise), then settling its answer:
 * a value now, a stage later, or a deferral through the responder; {@code halt} and {@code pass} signals,
 * and failures, are caught here and nowhere else.
 */
public final class Dispatcher implements ExchangeHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Router router;
    private final Settings settings;
    private final Executor workers;
    private final Watchdog watchdog;

    /**
     * Creates a dispatcher.
     *
     * @param router the frozen routes
     * @param settings the app's settings
     * @param workers the executor blocking handlers run on
     */
    public Dispatcher(Router router, Settings settings, Executor workers) {
        this.router = router;
        this.settings = settings;
        this.workers = workers;
        this.watchdog = new Watchdog(settings.handlerTimeout(), settings.blockedLoopThreshold());
    }

    @Override
    public void handle(Exchange exchange) {
        Lifecycle lifecycle = new Lifecycle(exchange, settings);
        exchange.onClose(lifecycle::closed);
        DefaultContext ctx = new DefaultContext(this, lifecycle, exchange.request(), settings.contentType());
        route(ctx, 0);
    }

    private void route(DefaultContext ctx, int from) {
        Request request = ctx.request();
        RouteMatch match = router.find(request.method(), request.path(), from);
        if (match == null) {
            unmatched(ctx, from);
            return;
        }
        ctx.match(match);
        Route route = match.route();
        if (route.onLoop()) {
            Loop loop = ctx.lifecycle().loop();
            if (loop.inLoop()) {
                invoke(ctx, route);
            } else {
                loop.execute(() -> invoke(ctx, route));
            }
            return;
        }
        try {
            workers.execute(() -> invoke(ctx, route));
        } catch (RejectedExecutionException e) {
            long skipped = LogLimiter.SHARED.admit("busy");
            if (skipped >= 0) {
                LOG.warn("no worker free for {}; answered 503{}", route, LogLimiter.note(skipped));
            }
            ctx.lifecycle().answer(page(503, "The server is too busy to answer; try again shortly.", null));
        }
    }

    private void unmatched(DefaultContext ctx, int from) {
        Request request = ctx.request();
        if (from == 0 && !router.knows(request.method())) {
            ctx.lifecycle().answer(page(501, request.method() + " is not a method this server implements.", null));
            return;
        }
        Set<Method> allowed = from == 0 ? router.allowed(request.path()) : Set.of();
        if (allowed.isEmpty()) {
            ctx.lifecycle().answer(page(404, "Nothing here answers " + request.method() + " " + request.path() + ".", null));
            return;
        }
        StringJoiner allow = new StringJoiner(", ");
        allowed.forEach(m -> allow.add(m.name()));
        if (!allowed.contains(Method.OPTIONS)) {
            allow.add("OPTIONS");
        }
        if (request.method().equals(Method.OPTIONS)) {
            ctx.lifecycle().answer(Response.builder().status(204).header("Allow", allow.toString()).build());
            return;
        }
        Response page = page(405, request.method() + " is not allowed here; try " + allow + ".", null);
        ctx.lifecycle().answer(page.newBuilder().header("Allow", allow.toString()).build());
    }

    private void invoke(DefaultContext ctx, Route route) {
        if (!ctx.lifecycle().isOpen()) {
            return;
        }
        Watchdog.Run run = route.onLoop()
                ? watchdog.loop(ctx.lifecycle(), "the async handler")
                : watchdog.worker(ctx.lifecycle());
        Object result;
        ctx.handlerThread = Thread.currentThread();
        try {
            result = route.handler().handle(ctx);
        } catch (Throwable t) {
            ctx.handlerThread = null;
            watchdog.done(run);
            fail(ctx, t);
            return;
        }
        ctx.handlerThread = null;
        watchdog.done(run);
        settle(ctx, result);
    }

    private void settle(DefaultContext ctx, Object result) {
        if (result instanceof CompletionStage) {
            // The stage holds the request until it completes: a stage dropped unfinished is noticed.
            Hold hold = ctx.lifecycle().hold();
            ((CompletionStage<?>) result).whenComplete((value, error) -> {
                hold.touch();
                if (error != null) {
                    fail(ctx, error);
                } else {
                    settleValue(ctx, value);
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
            finish(ctx, response);
        } else if (ctx.responderTaken()) {
            defer(ctx);
        } else if (!ctx.lifecycle().isDone()) {
            String message = "Route " + ctx.route() + " neither answered nor took its responder.";
            if (ctx.lifecycle().answer(page(500, message, null))) {
                long skipped = LogLimiter.SHARED.admit("silent " + ctx.route());
                if (skipped >= 0) {
                    LOG.error("{}{}", message, LogLimiter.note(skipped));
                }
            }
        }
    }

    private void defer(DefaultContext ctx) {
        Duration deadline = ctx.deadline();
        if (deadline == null) {
            deadline = ctx.match().route().deadline();
        }
        ctx.lifecycle().defer(deadline != null ? deadline : settings.asyncDeadline());
    }

    /** Sends a response through the remaining phases; false when the request was already answered. */
    boolean finish(DefaultContext ctx, Response response) {
        return ctx.lifecycle().answer(response);
    }

    /** Answers with a 500 for a failure, ends a stream that failed, or acts on a signal; false when nothing changed. */
    boolean fail(DefaultContext ctx, Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof Signal) {
            return signal(ctx, (Signal) t);
        }
        Lifecycle lifecycle = ctx.lifecycle();
        if (lifecycle.isStreaming() && lifecycle.abortStream("failed while streaming", t)) {
            return true;
        }
        if (lifecycle.answer(page(500, "The server failed to answer this request.", t))) {
            long skipped = LogLimiter.SHARED.admit("failed " + ctx.route() + " " + t.getClass().getName());
            if (skipped >= 0) {
                LOG.error("{} failed{}", ctx.route(), LogLimiter.note(skipped), t);
            }
            return true;
        }
        long skipped = LogLimiter.SHARED.admit("late " + ctx.route() + " " + t.getClass().getName());
        if (skipped >= 0) {
            LOG.warn("{} failed after its request ended{}", ctx.route(), LogLimiter.note(skipped), t);
        }
        return false;
    }

    private boolean signal(DefaultContext ctx, Signal signal) {
        if (signal.handled()) {
            return false;
        }
        if (signal.response() != null) {
            return finish(ctx, signal.response());
        }
        passOn(ctx, signal.passFrom());
        return true;
    }

    void passOn(DefaultContext ctx, int from) {
        ctx.releaseResponder();
        ctx.lifecycle().handleAgain();
        route(ctx, from + 1);
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

    /** Stops watching handlers; called when the app stops. */
    @Override
    public void close() {
        watchdog.close();
    }

    private Response page(int status, String message, Throwable detail) {
        return ErrorPages.page(status, message, detail, settings.development());
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
