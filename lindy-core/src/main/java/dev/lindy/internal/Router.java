package dev.lindy.internal;

import dev.lindy.http.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes of an app, per method in declaration order; the first match wins.
 *
 * <p>A GET route is also a HEAD route, in the one HEAD list where explicit HEAD routes (from {@code any})
 * sit too, so a HEAD request and a {@code pass} walk the same routes in declaration order.
 *
 * <p>Routes are added while the app is configured and the router is frozen before it serves, after which
 * it is read-only and safe to share between threads.
 */
public final class Router {
    private final Map<Method, List<Route>> byMethod = new HashMap<>();
    private final List<Method> order = new ArrayList<>();
    private volatile Map<Method, RouteIndex> index;

    /** Creates an empty router, open to routes until it is frozen. */
    public Router() {
    }

    /**
     * Adds a route at the end of its method's list; a GET route also at the end of the HEAD list.
     *
     * @param route the route
     * @throws IllegalStateException if the app is already serving
     */
    public synchronized void add(Route route) {
        if (index != null) {
            throw new IllegalStateException("routes cannot be added once the app is serving: " + route);
        }
        list(route.method()).add(route);
        if (route.method().equals(Method.GET)) {
            list(Method.HEAD).add(route);
        }
    }

    private List<Route> list(Method method) {
        return byMethod.computeIfAbsent(method, m -> {
            order.add(m);
            return new ArrayList<>();
        });
    }

    /**
     * Tells whether a method is one the app can answer at all: a standard one, or one it declares a route for.
     *
     * @param method the request method
     * @return false for a method no route declares and HTTP does not define, such as {@code get} in lower case
     */
    public boolean knows(Method method) {
        return method.isStandard() || byMethod.containsKey(method);
    }

    /** Makes the router read-only and indexes its routes for fast lookup. */
    public synchronized void freeze() {
        if (index == null) {
            Map<Method, RouteIndex> built = new HashMap<>();
            byMethod.forEach((m, routes) -> built.put(m, new RouteIndex(List.copyOf(routes))));
            index = built;
        }
    }

    /**
     * Finds the first route of a method, at or after a position, whose pattern matches a path.
     *
     * @param method the request method
     * @param path the decoded path
     * @param from the first position to try; 0 for a new request, after the passing route for {@code pass}
     * @return the match, or null
     */
    public RouteMatch find(Method method, String path, int from) {
        Map<Method, RouteIndex> frozen = index;
        if (frozen == null) {
            return scan(method, path, from);
        }
        RouteIndex routes = frozen.get(method);
        if (routes == null) {
            return null;
        }
        Captures captures = null;
        for (int i : routes.candidates(path)) {
            if (i < from) {
                continue;
            }
            captures = reset(captures);
            if (routes.route(i).pattern().match(path, captures)) {
                return routes.match(i, captures);
            }
        }
        return null;
    }

    // Before the router is frozen (while an app is still being configured) there is no index yet.
    private synchronized RouteMatch scan(Method method, String path, int from) {
        List<Route> routes = byMethod.get(method);
        if (routes == null) {
            return null;
        }
        Captures captures = null;
        for (int i = from; i < routes.size(); i++) {
            Route r = routes.get(i);
            captures = reset(captures);
            if (r.pattern().match(path, captures)) {
                return new RouteMatch(r, i, captures);
            }
        }
        return null;
    }

    private static Captures reset(Captures captures) {
        if (captures == null) {
            return new Captures();
        }
        captures.reset(0);
        return captures;
    }

    /**
     * Returns the methods that have a route matching a path, for a 405's Allow header.
     *
     * @param path the decoded path
     * @return the methods, in declaration order; empty when no route matches the path at all
     */
    public Set<Method> allowed(String path) {
        Set<Method> out = new LinkedHashSet<>();
        for (Method m : order) {
            if (find(m, path, 0) != null) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * Returns every route, for diagnostics.
     *
     * @return the routes, grouped by method
     */
    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        for (Method m : order) {
            for (Route r : byMethod.get(m)) {
                if (r.method().equals(m)) {
                    all.add(r);
                }
            }
        }
        return all;
    }
}
