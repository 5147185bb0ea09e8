package dev.lindy.internal;

import dev.lindy.AfterHook;
import dev.lindy.ContextPlugin;
import dev.lindy.ErrorHandler;
import dev.lindy.Handler;
import dev.lindy.Hook;
import dev.lindy.Plugin;
import dev.lindy.http.Method;
import dev.lindy.view.TemplateHook;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything an app declares while it is configured: routes, hooks, error handlers and plugins, under the
 * prefixes in force. Frozen before the app serves; after that it is read-only and any thread may read it.
 */
public final class Declarations {
    private final Router router = new Router();
    private final List<Before> befores = new ArrayList<>();
    private final List<AfterHook> afters = new ArrayList<>();
    private final List<TemplateHook> templateHooks = new ArrayList<>();
    private final Map<Class<?>, ErrorHandler<?>> errorHandlers = new LinkedHashMap<>();
    private final Map<Integer, Handler> statusHandlers = new LinkedHashMap<>();
    private final Map<Class<?>, ContextPlugin<?>> plugins = new LinkedHashMap<>();
    private final Deque<String> prefixes = new ArrayDeque<>();
    private volatile boolean frozen;
    private volatile boolean webSockets;

    /** Creates empty declarations, open until frozen. */
    public Declarations() {
    }

    /**
     * A before hook: for the paths one of its patterns matches; or, with no patterns, for every path under
     * its prefix (the prefix itself, with or without a trailing slash, and everything below it), or for
     * every path when declared under no prefix.
     */
    record Before(List<PathPattern> patterns, String prefix, Hook hook) {
        boolean appliesTo(String path) {
            if (patterns.isEmpty()) {
                return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
            }
            for (PathPattern p : patterns) {
                if (p.match(path, new Captures())) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Adds routes for several methods and one string pattern, under the current prefix.
     *
     * @param methods the methods; a GET route also answers HEAD
     * @param pattern the pattern
     * @param handler the handler
     * @param onLoop true for an async route
     * @param deadline the route's deadline, or null
     */
    public synchronized void route(Collection<Method> methods, String pattern, Handler handler, boolean onLoop,
            Duration deadline) {
        open();
        for (PathPattern p : underPrefix(prefix(), pattern)) {
            for (Method m : methods) {
                // A GET route answers HEAD already; declaring both must not list it twice.
                if (!m.equals(Method.HEAD) || !methods.contains(Method.GET)) {
                    router.add(new Route(m, p, handler, onLoop, deadline));
                }
            }
        }
    }

    /**
     * Adds a route matched by a regex; a prefix in force is not applied to a regex.
     *
     * @param method the method
     * @param regex the regex
     * @param handler the handler
     */
    public synchronized void route(Method method, Pattern regex, Handler handler) {
        open();
        if (!prefix().isEmpty()) {
            throw new IllegalStateException("a regex route cannot be declared under a prefix; write the prefix into the regex");
        }
        router.add(new Route(method, PathPattern.regex(regex), handler, false, null));
    }

    /**
     * Adds a WebSocket route: a GET route whose handler upgrades the connection, under the current prefix.
     *
     * @param pattern the pattern
     * @param handler the handler that upgrades
     */
    public synchronized void webSocket(String pattern, Handler handler) {
        route(List.of(Method.GET), pattern, handler, true, null);
        webSockets = true;
    }

    /**
     * Tells whether the app declared WebSocket routes.
     *
     * @return true if it did
     */
    public boolean hasWebSockets() {
        return webSockets;
    }

    /**
     * Adds a before hook.
     *
     * @param pattern the paths it applies to, or null for all; under the current prefix
     * @param hook the hook
     */
    public synchronized void before(String pattern, Hook hook) {
        open();
        String prefix = prefix();
        befores.add(new Before(pattern == null ? List.of() : underPrefix(prefix, pattern), prefix, hook));
    }

    // Route or hook "/" under a prefix means the prefix, with and without its trailing slash: a hook
    // guarding it must see every path its route answers.
    private static List<PathPattern> underPrefix(String prefix, String pattern) {
        if (pattern.equals("/") && !prefix.isEmpty()) {
            return List.of(PathPattern.compile(prefix), PathPattern.compile(prefix + "/"));
        }
        return List.of(PathPattern.compile(prefix + pattern));
    }

    /**
     * Adds an after hook.
     *
     * @param hook the hook
     */
    public synchronized void after(AfterHook hook) {
        open();
        afters.add(hook);
    }

    /**
     * Adds a hook that sees the tokens of every template rendered.
     *
     * @param hook the hook
     */
    public synchronized void beforeTemplate(TemplateHook hook) {
        open();
        templateHooks.add(hook);
    }

    /**
     * Adds an error handler for a class of failure; a later one for the same class replaces it.
     *
     * @param type the class
     * @param handler the handler
     */
    public synchronized void error(Class<? extends Throwable> type, ErrorHandler<?> handler) {
        open();
        errorHandlers.put(type, handler);
    }

    /**
     * Adds an error page for a status.
     *
     * @param status a 4xx or 5xx status
     * @param handler the handler that makes the page
     */
    public synchronized void error(int status, Handler handler) {
        open();
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error pages are for 4xx and 5xx statuses: " + status);
        }
        statusHandlers.put(status, handler);
    }

    /**
     * Takes in a plugin: it declares what it needs now.
     *
     * @param plugin the plugin
     * @param register runs the plugin's registration against the app
     */
    public synchronized void plugin(Plugin plugin, Runnable register) {
        open();
        if (plugin instanceof ContextPlugin && plugins.putIfAbsent(plugin.getClass(), (ContextPlugin<?>) plugin) != null) {
            throw new IllegalStateException("the plugin " + plugin.getClass().getName() + " is registered already");
        }
        register.run();
    }

    /**
     * Runs declarations under a prefix, then restores the prefix before it.
     *
     * @param prefix a path starting with {@code /}
     * @param body the declarations
     */
    public void prefix(String prefix, Runnable body) {
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix starts with / and does not end with one: " + prefix);
        }
        synchronized (this) {
            open();
            prefixes.push(prefix() + prefix);
        }
        try {
            body.run();
        } finally {
            synchronized (this) {
                prefixes.pop();
            }
        }
    }

    /** Makes the declarations read-only and indexes the routes. */
    public synchronized void freeze() {
        frozen = true;
        router.freeze();
    }

    /**
     * Returns the routes.
     *
     * @return the router
     */
    public Router router() {
        return router;
    }

    List<Before> befores() {
        return befores;
    }

    boolean hasBefores() {
        return !befores.isEmpty();
    }

    List<AfterHook> afters() {
        return afters;
    }

    List<TemplateHook> templateHooks() {
        return templateHooks;
    }

    /** Returns the handler for the nearest superclass of a failure, or null. */
    ErrorHandler<?> errorHandler(Throwable error) {
        for (Class<?> c = error.getClass(); c != null; c = c.getSuperclass()) {
            ErrorHandler<?> h = errorHandlers.get(c);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    /** Tells whether answers run user code of their own: after hooks, pages for statuses, template hooks. */
    boolean hasAnswerHooks() {
        return !afters.isEmpty() || !statusHandlers.isEmpty() || !templateHooks.isEmpty();
    }

    Handler statusHandler(int status) {
        return statusHandlers.get(status);
    }

    ContextPlugin<?> plugin(Class<?> type) {
        return plugins.get(type);
    }

    private String prefix() {
        String p = prefixes.peek();
        return p == null ? "" : p;
    }

    private void open() {
        if (frozen) {
            throw new IllegalStateException("the app is serving: routes, hooks and plugins can no longer be added");
        }
    }
}
