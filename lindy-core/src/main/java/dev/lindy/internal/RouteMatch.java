package dev.lindy.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route that matched a path, with what its pattern captured and its position among the method's routes.
 */
public final class RouteMatch {
    private final Route route;
    private final int index;
    private final Map<String, String> params;
    private final List<String> splat;

    // A match that captured nothing: made once per route and shared, as most routes capture nothing.
    RouteMatch(Route route, int index) {
        this.route = route;
        this.index = index;
        this.params = Collections.emptyMap();
        this.splat = Collections.emptyList();
    }

    RouteMatch(Route route, int index, Captures captures) {
        this.route = route;
        this.index = index;
        List<String> names = captures.names();
        if (names.isEmpty()) {
            this.params = Collections.emptyMap();
        } else {
            Map<String, String> p = new LinkedHashMap<>(names.size() * 2);
            for (int i = 0; i < names.size(); i++) {
                p.put(names.get(i), captures.values().get(i));
            }
            this.params = Collections.unmodifiableMap(p);
        }
        this.splat = captures.splatValues();
    }

    /**
     * Returns the route.
     *
     * @return the matched route
     */
    public Route route() {
        return route;
    }

    /**
     * Returns the position of the route in its method's list; {@code pass} resumes after it.
     *
     * @return the index
     */
    public int index() {
        return index;
    }

    /**
     * Returns the named parameters.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> params() {
        return params;
    }

    /**
     * Returns the splat values.
     *
     * @return an unmodifiable list
     */
    public List<String> splat() {
        return splat;
    }
}
