package dev.lindy;

import dev.lindy.config.Config;
import dev.lindy.http.Method;
import dev.lindy.internal.Declarations;
import dev.lindy.hub.Hub;
import dev.lindy.hub.internal.DefaultHub;
import dev.lindy.internal.Dispatcher;
import dev.lindy.internal.Hubs;
import dev.lindy.internal.WebSocketRoutes;
import dev.lindy.ws.WebSocketSpec;
import dev.lindy.ws.internal.DefaultWebSocketSpec;
import dev.lindy.internal.Secrets;
import dev.lindy.internal.Workers;
import dev.lindy.view.TemplateHook;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.spi.Server;
import dev.lindy.spi.ServerProvider;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.regex.Pattern;

/**
 * A Lindy application: its routes, and the server it runs on once started.
 *
 * <p>Declare routes with the HTTP words ({@link #get}, {@link #post}...) for handlers that may block, and
 * {@link #async} for handlers that run on the event loop and answer later. Routes match in declaration
 * order; {@code get} also answers HEAD. Then {@link #start(int)} serves the app on the host found on the
 * class path (embedded Netty with {@code lindy-netty}); {@link #handler()} hands it to any other host.
 *
 * <pre>{@code
 * App app = Lindy.app();
 * app.get("/hello/:name", ctx -> "Hello, " + ctx.param("name"));
 * app.start(3000);
 * }</pre>
 *
 * <p>Declaring routes is not thread-safe and must finish before the app serves; after that the app is
 * frozen and any number of threads may use it.
 */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    // How long the connections get, after the grace period, to send the answers that ended what was left.
    private static final Duration FLUSH = Duration.ofSeconds(2);

    private final Settings settings;
    private final Declarations declarations = new Declarations();
    private Dispatcher dispatcher;
    private ExecutorService ownWorkers;
    private Server server;
    private volatile DefaultHub hub;
    private Thread signalHook;
    private final List<Runnable> stopHooks = new CopyOnWriteArrayList<>();

    App(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Secrets.check(settings);
    }

    /**
     * Adds a blocking GET route; it also answers HEAD.
     *
     * @param pattern the path pattern
     * @param handler the handler
     * @return this app
     */
    public App get(String pattern, Handler handler) {
        return route(Method.GET, pattern, handler);
    }

    /**
     * Adds a blocking POST route.
     *
     * @param pattern the path pattern
     * @param handler the handler
     * @return this app
     */
    public App post(String pattern, Handler handler) {
        return route(Method.POST, pattern, handler);
    }

    /**
     * Adds a blocking PUT route.
     *
     * @param pattern the path pattern
     * @param handler the handler
     * @return this app
     */
    public App put(String pattern, Handler handler) {
        return route(Method.PUT, pattern, handler);
    }

    /**
     * Adds a blocking PATCH route.
     *
     * @param pattern the path pattern
     * @param handler the handler
     * @return this app
     */
    public App patch(String pattern, Handler handler) {
        return route(Method.PATCH, pattern, handler);
    }

    /**
     * Adds a blocking DELETE route.
     *
     * @param pattern the path pattern
     * @param handler the handler
     * @return this app
     */
    public App delete(String pattern, Handler handler) {
        return route(Method.DELETE, pattern, handler);
    }

    /**
     * Adds a blocking OPTIONS route.
     *
     * @param pattern the path pattern
     * @param handler the handler
     * @return this app
     */
    public App options(String pattern, Handler handler) {
        return route(Method.OPTIONS, pattern, handler);
    }

    /**
     * Adds a blocking route for every standard method: GET (which answers HEAD too), POST, PUT, PATCH,
     * DELETE, OPTIONS.
     *
     * @param pattern the path pattern
     * @param handler the handler
     * @return this app
     */
    public App any(String pattern, Handler handler) {
        declarations.route(List.of(Method.standard()), pattern, handler, false, null);
        return this;
    }

    /**
     * Adds a blocking route for one method and a string pattern.
     *
     * <p>Patterns: {@code /user/:id} (a named segment), {@code /hello/:name?} (optional last segment),
     * {@code /file/*} (one segment, to the splat), {@code /files/**} (the rest of the path, one splat value),
     * {@code /:name.:ext} (tokens inside a segment). Everything else is literal text.
     *
     * @param method the method
     * @param pattern the path pattern
     * @param handler the handler
     * @return this app
     */
    public App route(Method method, String pattern, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        declarations.route(List.of(method), pattern, handler, false, null);
        return this;
    }

    /**
     * Adds a blocking route whose path is matched by a regex; named groups become parameters, and without
     * named groups every group goes to the splat.
     *
     * @param method the method
     * @param regex the regex, matched against the whole decoded path
     * @param handler the handler
     * @return this app
     */
    public App route(Method method, Pattern regex, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        declarations.route(method, regex, handler);
        return this;
    }

    /**
     * Adds a blocking GET route matched by a regex; it also answers HEAD.
     *
     * @param regex the regex, matched against the whole decoded path
     * @param handler the handler
     * @return this app
     */
    public App get(Pattern regex, Handler handler) {
        return route(Method.GET, regex, handler);
    }

    /**
     * Adds an asynchronous route (Dancer's {@code async}): its handler runs on the event loop, must not
     * block, and answers later through {@link Context#respond()}.
     *
     * @param method the method; GET also answers HEAD
     * @param pattern the path pattern
     * @param handler the handler
     * @return this app
     */
    public App async(Method method, String pattern, AsyncHandler handler) {
        return async(List.of(method), pattern, null, handler);
    }

    /**
     * Adds an asynchronous route with its own deadline, overriding {@link Settings#asyncDeadline()}.
     *
     * @param method the method
     * @param pattern the path pattern
     * @param deadline how long the answer may take before the client gets a 503
     * @param handler the handler
     * @return this app
     */
    public App async(Method method, String pattern, Duration deadline, AsyncHandler handler) {
        return async(List.of(method), pattern, deadline, handler);
    }

    /**
     * Adds an asynchronous route for several methods.
     *
     * @param methods the methods
     * @param pattern the path pattern
     * @param handler the handler
     * @return this app
     */
    public App async(Collection<Method> methods, String pattern, AsyncHandler handler) {
        return async(methods, pattern, null, handler);
    }

    private App async(Collection<Method> methods, String pattern, Duration deadline, AsyncHandler handler) {
        Objects.requireNonNull(handler, "handler");
        Handler wrapped = ctx -> {
            handler.handle(ctx);
            return null;
        };
        declarations.route(methods, pattern, wrapped, true, deadline);
        return this;
    }

    /**
     * Adds a WebSocket route: a GET of the path that asks to upgrade becomes a socket, handled by what the
     * lambda sets; the before hooks run first and may refuse it (a halt). A browser's page from another
     * origin is refused with 403 ({@link Settings#webSocketOrigins()}); a plain request gets 426.
     *
     * <pre>{@code
     * app.ws("/chat/:room", ws -> {
     *     ws.onOpen(socket -> socket.forward("room:" + socket.param("room"), -1));
     *     ws.onMessage((socket, text) -> app.hub().publish("room:" + socket.param("room"), text));
     * });
     * }</pre>
     *
     * @param pattern the path pattern; its parameters are read with {@code socket.param}
     * @param spec sets the handlers
     * @return this app
     */
    public App ws(String pattern, Consumer<WebSocketSpec> spec) {
        DefaultWebSocketSpec handlers = new DefaultWebSocketSpec();
        spec.accept(handlers);
        declarations.webSocket(pattern, WebSocketRoutes.handler(handlers));
        return this;
    }

    /**
     * Declares routes and hooks under a path prefix, then restores the prefix before it. Prefixes nest;
     * route {@code /} under a prefix answers the prefix with and without a trailing slash.
     *
     * <pre>{@code
     * app.prefix("/admin", admin -> {
     *     admin.before(ctx -> requireAdmin(ctx));
     *     admin.get("/users", ctx -> listUsers());
     * });
     * }</pre>
     *
     * @param prefix a path starting with {@code /}, which may hold parameters ({@code /team/:team})
     * @param routes declares the routes, on this same app
     * @return this app
     */
    public App prefix(String prefix, Consumer<App> routes) {
        declarations.prefix(prefix, () -> routes.accept(this));
        return this;
    }

    // ---- hooks, error pages, plugins ----------------------------------------------------------------

    /**
     * Adds a hook that runs before every route's handler (Dancer's {@code before}).
     *
     * @param hook the hook
     * @return this app
     */
    public App before(Hook hook) {
        declarations.before(null, Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /**
     * Adds a hook that runs before the handler of the requests whose path a pattern matches.
     *
     * @param pattern a route pattern, such as {@code /admin/**}
     * @param hook the hook
     * @return this app
     */
    public App before(String pattern, Hook hook) {
        declarations.before(Objects.requireNonNull(pattern, "pattern"), Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /**
     * Adds a hook that sees every response just before it leaves (Dancer's {@code after}).
     *
     * @param hook the hook
     * @return this app
     */
    public App after(AfterHook hook) {
        declarations.after(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /**
     * Adds a hook that sees the tokens of every template the app renders, and may add or change them
     * (Dancer's {@code before_template}).
     *
     * @param hook the hook
     * @return this app
     */
    public App beforeTemplate(TemplateHook hook) {
        declarations.beforeTemplate(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /**
     * Answers failures of a class (and its subclasses, unless a nearer one has a handler) with a handler.
     *
     * @param type the class of failure
     * @param handler the handler
     * @param <T> the class
     * @return this app
     */
    public <T extends Throwable> App error(Class<T> type, ErrorHandler<? super T> handler) {
        declarations.error(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Makes the error page of a status: Lindy's own pages (404, 405, 500...), {@code ctx.sendError} and
     * {@link HttpException}s of that status use it.
     *
     * @param status a 4xx or 5xx status
     * @param handler makes the page; the context's status is already set
     * @return this app
     */
    public App error(int status, Handler handler) {
        declarations.error(status, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Takes in a plugin: its routes, hooks and handlers are declared now, and a {@link ContextPlugin}'s
     * extension becomes reachable with {@code ctx.with(TheClass.class)}.
     *
     * @param plugin the plugin
     * @return this app
     */
    public App register(Plugin plugin) {
        Objects.requireNonNull(plugin, "plugin");
        declarations.plugin(plugin, () -> plugin.register(this));
        return this;
    }

    /**
     * Returns the app's own configuration, from {@code config.yml} and the environment's file.
     *
     * @return the configuration; empty when the app was made from settings without files
     */
    public Config config() {
        return settings.config();
    }

    /**
     * Returns the app's publish/subscribe hub, to publish to the requests and WebSockets that subscribed to
     * a topic; it runs from the first call until the app stops.
     *
     * @return the hub
     */
    public Hub hub() {
        DefaultHub h = hub;
        if (h == null) {
            return ownHub();
        }
        h.start();
        return h;
    }

    private synchronized DefaultHub ownHub() {
        if (hub == null) {
            hub = Hubs.create(settings);
        }
        hub.start();
        return hub;
    }

    /**
     * Returns the app as a host sees it, freezing its routes; hosts other than {@link #start} use this.
     *
     * @return the app's exchange handler
     * @throws IllegalStateException if the session store the settings name cannot be made, or the hub's
     *     backend cannot start, for example because their server is unreachable
     */
    public synchronized ExchangeHandler handler() {
        if (dispatcher == null) {
            declarations.freeze();
            Executor workers = settings.workers();
            if (workers == null) {
                ownWorkers = Workers.create(settings.maxWorkers(), settings.maxQueuedHandlers());
                workers = ownWorkers;
            }
            try {
                dispatcher = new Dispatcher(declarations, settings, workers, ownHub());
            } catch (RuntimeException e) {
                // A store or backend that cannot work stops the start; let go of what was made for it.
                if (hub != null) {
                    hub.close();
                }
                if (ownWorkers != null) {
                    ownWorkers.shutdownNow();
                    ownWorkers = null;
                }
                throw e;
            }
        }
        return dispatcher;
    }

    /**
     * Starts serving on the port of the settings (3000 by default).
     *
     * @return this app
     */
    public App start() {
        return start(settings.port());
    }

    /**
     * Starts serving on a port, on the host found on the class path.
     *
     * @param port the port; 0 picks a free one, which {@link #port()} then tells
     * @return this app
     * @throws IllegalStateException if the app is already started, no host is on the class path, the
     *     session store cannot be made (its server unreachable), or the host cannot start (for example, the
     *     port is taken)
     */
    public App start(int port) {
        return start(settings.host(), port);
    }

    /**
     * Starts serving on an address and a port, on the host found on the class path.
     *
     * @param host the address to listen on, such as {@code 127.0.0.1} for this machine only
     * @param port the port; 0 picks a free one, which {@link #port()} then tells
     * @return this app
     * @throws IllegalStateException if the app is already started, no host is on the class path, the
     *     session store cannot be made (its server unreachable), or the host cannot start (for example, the
     *     port is taken)
     */
    public synchronized App start(String host, int port) {
        if (server != null) {
            throw new IllegalStateException("the app is already started on port " + server.port());
        }
        ExchangeHandler handler = handler();
        Iterator<ServerProvider> providers = ServiceLoader.load(ServerProvider.class, App.class.getClassLoader())
                .iterator();
        if (!providers.hasNext()) {
            throw new IllegalStateException("no Lindy server on the class path; add the lindy-netty module");
        }
        try {
            server = providers.next().start(handler, settings.newBuilder().host(host).port(port).build());
        } catch (Exception e) {
            throw new IllegalStateException("the server could not start on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        if (settings.stopOnSignal()) {
            signalHook = new Thread(this::stop, "lindy-shutdown");
            Runtime.getRuntime().addShutdownHook(signalHook);
        }
        return this;
    }

    /**
     * Adds a hook run when the app starts to stop, before what is in flight is ended: the place to wake the
     * app's own waiters (answer long polls, close streams with a last word). Hooks run in order, on the
     * thread that stops the app; one that fails is logged and the others still run.
     *
     * @param hook the hook
     * @return this app
     */
    public App onStop(Runnable hook) {
        stopHooks.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    private void runStopHooks() {
        for (Runnable hook : stopHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.error("a stop hook failed", e);
            }
        }
    }

    private void removeSignalHook() {
        if (signalHook != null && Thread.currentThread() != signalHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(signalHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook is running or will, and finds nothing to stop.
            }
        }
        signalHook = null;
    }

    /**
     * Returns the port the app is serving on.
     *
     * @return the bound port
     * @throws IllegalStateException if the app is not started
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the app is not started");
        }
        return server.port();
    }

    /**
     * Stops gracefully within {@link Settings#shutdownGrace()}, as {@link #stop(Duration)}; on SIGTERM and
     * SIGINT a started app does this by itself unless {@link Settings#stopOnSignal()} is off. Does nothing
     * if not started.
     */
    public void stop() {
        stop(settings.shutdownGrace());
    }

    /**
     * Stops gracefully: no new connection is accepted, idle keep-alive connections close at once, the
     * {@link #onStop} hooks run, and requests in flight (long polls and streams included) may finish within
     * the grace period; then a pending answer gets a 503 and a stream its final chunk, and the connections
     * close once those are out. Does nothing if not started.
     *
     * @param grace the longest time in-flight requests may take
     */
    public synchronized void stop(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        if (dispatcher != null) {
            CompletableFuture<Void> drained = dispatcher.drain();
            if (server != null) {
                server.stopAccepting();
            }
            runStopHooks();
            try {
                drained.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                int ended = dispatcher.endAll();
                LOG.info("{} requests still in flight after the grace period of {}; ended them", ended, grace);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            // What was ended a moment ago is on its way out: the connections close once it is.
            server.stop(FLUSH);
            server = null;
        }
        removeSignalHook();
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (ownWorkers != null) {
            ownWorkers.shutdown();
            try {
                // Handlers still running past the grace period are interrupted after the flush time.
                ownWorkers.awaitTermination(FLUSH.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ownWorkers.shutdownNow();
            ownWorkers = null;
        }
        dispatcher = null;
    }

    /**
     * Returns the app's settings.
     *
     * @return the frozen settings
     */
    public Settings settings() {
        return settings;
    }
}
