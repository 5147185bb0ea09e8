package dev.lindy.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of one method in a trie of their segments, so a lookup among hundreds of routes tests only the
 * few whose shape fits the path.
 *
 * <p>Each pattern is placed by its leading segments: literal text goes to a named child, a {@code :param}
 * or {@code *} (one non-empty segment of any text) to the node's wildcard child. A pattern the trie
 * describes whole hangs where it ends, and is a candidate only for a path that ends there too; one with a
 * part the trie cannot describe (an optional parameter, {@code **}, a mixed segment, a regex) hangs where
 * that part starts, and is a candidate for every path that reaches it. A lookup walks the path down both
 * the named and the wildcard branches, collects the candidates it passes, and returns them in declaration
 * order; the router then matches each in full, so the index only ever narrows.
 */
final class RouteIndex {
    // A node with more named children than this looks them up in a hash map; fewer are compared in place,
    // which needs no substring.
    private static final int SCAN_LIMIT = 8;
    private static final int[] NONE = new int[0];

    private final List<Route> routes;
    // Each route's match when its pattern captures nothing, shared by all its requests.
    private final RouteMatch[] plain;
    private final Node root = new Node();

    RouteIndex(List<Route> routes) {
        this.routes = routes;
        this.plain = new RouteMatch[routes.size()];
        for (int i = 0; i < routes.size(); i++) {
            plain[i] = new RouteMatch(routes.get(i), i);
            PathPattern pattern = routes.get(i).pattern();
            Node node = root;
            for (String segment : pattern.indexSegments()) {
                node = node.child(segment);
            }
            if (pattern.indexedWhole()) {
                node.exact = append(node.exact, i);
            } else {
                node.open = append(node.open, i);
            }
        }
        root.seal();
    }

    /**
     * Returns the positions of the routes that could match a path, ascending. The array may be shared:
     * callers only read it.
     */
    int[] candidates(String path) {
        Found found = new Found();
        if (path.length() == 1) {
            // "/" has no segments: only the root's routes can match it.
            found.add(root.open);
            found.add(root.exact);
        } else {
            walk(root, path, 1, found);
        }
        return found.sorted();
    }

    // start is where the path's next segment begins; start > length means there is none left.
    private static void walk(Node node, String path, int start, Found found) {
        found.add(node.open);
        int length = path.length();
        if (start > length) {
            found.add(node.exact);
            return;
        }
        int end = path.indexOf('/', start);
        if (end < 0) {
            end = length;
        }
        Node named = node.named(path, start, end);
        if (named != null) {
            walk(named, path, end + 1, found);
        }
        if (node.any != null && end > start) {
            walk(node.any, path, end + 1, found);
        }
    }

    Route route(int position) {
        return routes.get(position);
    }

    /** Returns the match of the route at a position, with what its pattern captured. */
    RouteMatch match(int position, Captures captures) {
        return captures.isEmpty() ? plain[position] : new RouteMatch(routes.get(position), position, captures);
    }

    private static int[] append(int[] positions, int position) {
        int[] more = Arrays.copyOf(positions, positions.length + 1);
        more[positions.length] = position;
        return more;
    }

    /** The candidates of one lookup: usually one node's positions, shared as they are; merged only past that. */
    private static final class Found {
        private int[] positions = NONE;
        private boolean merged;

        void add(int[] more) {
            if (more.length == 0) {
                return;
            }
            if (positions.length == 0) {
                positions = more;
                return;
            }
            int[] both = Arrays.copyOf(positions, positions.length + more.length);
            System.arraycopy(more, 0, both, positions.length, more.length);
            positions = both;
            merged = true;
        }

        int[] sorted() {
            // Each node's positions are ascending already; only positions from several nodes need ordering.
            if (merged) {
                Arrays.sort(positions);
            }
            return positions;
        }
    }

    private static final class Node {
        int[] exact = NONE;
        int[] open = NONE;
        Node any;
        String[] names = new String[0];
        Node[] children = new Node[0];
        Map<String, Node> byName;

        Node child(String segment) {
            if (segment == null) {
                if (any == null) {
                    any = new Node();
                }
                return any;
            }
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(segment)) {
                    return children[i];
                }
            }
            Node made = new Node();
            names = Arrays.copyOf(names, names.length + 1);
            children = Arrays.copyOf(children, children.length + 1);
            names[names.length - 1] = segment;
            children[children.length - 1] = made;
            return made;
        }

        Node named(String path, int start, int end) {
            if (byName != null) {
                return byName.get(path.substring(start, end));
            }
            int length = end - start;
            for (int i = 0; i < names.length; i++) {
                String name = names[i];
                if (name.length() == length && path.regionMatches(start, name, 0, length)) {
                    return children[i];
                }
            }
            return null;
        }

        void seal() {
            if (names.length > SCAN_LIMIT) {
                byName = new HashMap<>();
                for (int i = 0; i < names.length; i++) {
                    byName.put(names[i], children[i]);
                }
            }
            for (Node child : children) {
                child.seal();
            }
            if (any != null) {
                any.seal();
            }
        }
    }
}
