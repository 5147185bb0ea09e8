package dev.lindy.internal;

import dev.lindy.Action;
import dev.lindy.Settings;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.spi.Loop;
import java.lang.ref.Cleaner;
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
 * Runs each request through its phases, in this order: route match (404, 405, automatic OPTIONS), the
 * handler (on the event loop for {@code async} routes, on a worker otherwise), then settling its answer:
 * a value now, a stage later, or a deferral through the responder; {@code halt} and {@code pass} signals,
 * and failures, are caught here and nowhere else.
 */
public final class Dispatcher implements ExchangeHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    // Notices contexts dropped by user code while their request is pending; one daemon thread for all apps.
    private static final Cleaner CLEANER = Cleaner.create();

    private final Router router;
    private final Settings settings;
    private final Executor workers;

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
    }

    @Override
    public void handle(Exchange exchange) {
        Lifecycle lifecycle = new Lifecycle(exchange);
        exchange.onClose(lifecycle::closed);
        DefaultContext ctx = new DefaultContext(this, lifecycle, exchange.request(), settings.contentType());
        route(ctx, 0);
    }

    private void route(DefaultContext ctx, int from) {
        Request request = ctx.request();
        RouteMatch match = router.find(request.method(), request.path(), from);
        if (match == null && request.method().equals(Method.HEAD)) {
            match = router.find(Method.GET, request.path(), from);
        }
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
            LOG.warn("no worker free for {}; answered 503", route);
            ctx.lifecycle().answer(page(503, "The server is too busy to answer; try again shortly.", null));
        }
    }

    private void unmatched(DefaultContext ctx, int from) {
        Request request = ctx.request();
        Set<Method> allowed = from == 0 ? router.allowed(request.path()) : Set.of();
        if (allowed.isEmpty()) {
            ctx.lifecycle().answer(page(404, "Nothing here answers " + request.method() + " " + request.path() + ".", null));
            return;
        }
        StringJoiner allow = new StringJoiner(", ");
        allowed.forEach(m -> allow.add(m.name()));
        if (allowed.contains(Method.GET) && !allowed.contains(Method.HEAD)) {
            allow.add("HEAD");
        }
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
        Object result;
        ctx.handlerThread = Thread.currentThread();
        try {
            result = route.handler().handle(ctx);
        } catch (Throwable t) {
            ctx.handlerThread = null;
            fail(ctx, t);
            return;
        } finally {
            ctx.handlerThread = null;
        }
        settle(ctx, result);
    }

    private void settle(DefaultContext ctx, Object result) {
        if (result instanceof CompletionStage) {
            defer(ctx);
            ((CompletionStage<?>) result).whenComplete((value, error) -> {
                if (error != null) {
                    fail(ctx, error);
                } else {
                    settleValue(ctx, value);
                }
            });
            return;
        }
        settleValue(ctx, result);
    }

    private void settleValue(DefaultContext ctx, Object value) {
        if (value != null) {
            try {
                finish(ctx, ctx.toResponse(value));
            } catch (RuntimeException e) {
                fail(ctx, e);
            }
        } else if (ctx.responderTaken()) {
            defer(ctx);
        } else if (!ctx.lifecycle().isDone()) {
            String message = "Route " + ctx.route() + " neither answered nor took its responder.";
            LOG.error(message);
            ctx.lifecycle().answer(page(500, message, null));
        }
    }

    private void defer(DefaultContext ctx) {
        Lifecycle lifecycle = ctx.lifecycle();
        Duration deadline = ctx.deadline();
        if (deadline == null) {
            deadline = ctx.match().route().deadline();
        }
        lifecycle.defer(deadline != null ? deadline : settings.asyncDeadline());
        lifecycle.watch(CLEANER, ctx);
    }

    /** Sends a response through the remaining phases; false when the request was already answered. */
    boolean finish(DefaultContext ctx, Response response) {
        return ctx.lifecycle().answer(response);
    }

    /** Answers with a 500 for a failure, or acts on a signal; false when nothing went out. */
    boolean fail(DefaultContext ctx, Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof Signal) {
            return signal(ctx, (Signal) t);
        }
        if (ctx.lifecycle().isDone()) {
            LOG.warn("{} failed after its request ended", ctx.route(), t);
            return false;
        }
        LOG.error("{} failed", ctx.route(), t);
        return ctx.lifecycle().answer(page(500, "The server failed to answer this request.", t));
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
        route(ctx, from + 1);
    }

    /** Runs a callback of the request, with keywords and failures handled as in a handler. */
    void run(DefaultContext ctx, Action action) {
        try {
            action.run();
        } catch (Throwable t) {
            fail(ctx, t);
        }
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
