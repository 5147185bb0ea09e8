package dev.lindy.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of one method, indexed by the literal segments their patterns start with, so a lookup among
 * a thousand routes tests only the few that could match.
 *
 * <p>A route can only match a path whose first segments equal the route's leading literal segments, so
 * each route hangs at the trie node of those segments; a lookup walks the path's segments down the trie and
 * tests the routes it passes, in declaration order.
 */
final class RouteIndex {
    private final List<Route> routes;
    private final Node root = new Node();

    RouteIndex(List<Route> routes) {
        this.routes = routes;
        for (int i = 0; i < routes.size(); i++) {
            Node node = root;
            for (String segment : routes.get(i).pattern().literalSegments()) {
                node = node.children.computeIfAbsent(segment, s -> new Node());
            }
            node.add(i);
        }
        root.seal();
    }

    /**
     * Returns the positions of the routes that could match a path, ascending. The array may be shared:
     * callers only read it.
     */
    int[] candidates(String path) {
        int[] found = root.routes;
        boolean merged = false;
        Node node = root;
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            node = node.children.isEmpty() ? null : node.children.get(path.substring(start, end));
            if (node == null) {
                break;
            }
            if (node.routes.length > 0) {
                if (found.length == 0) {
                    found = node.routes;
                } else {
                    int[] both = Arrays.copyOf(found, found.length + node.routes.length);
                    System.arraycopy(node.routes, 0, both, found.length, node.routes.length);
                    found = both;
                    merged = true;
                }
            }
            start = end + 1;
        }
        // Each node's positions are ascending already; only routes from several nodes need ordering.
        if (merged) {
            Arrays.sort(found);
        }
        return found;
    }

    Route route(int position) {
        return routes.get(position);
    }

    private static final class Node {
        final Map<String, Node> children = new HashMap<>(4);
        int[] routes = new int[0];
        int count;

        void add(int position) {
            if (count == routes.length) {
                routes = Arrays.copyOf(routes, Math.max(4, count * 2));
            }
            routes[count++] = position;
        }

        /** Trims every node's positions to their exact length, so lookups can hand them out as they are. */
        void seal() {
            routes = Arrays.copyOf(routes, count);
            children.values().forEach(Node::seal);
        }
    }
}
