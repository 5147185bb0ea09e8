package dev.lindy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled route pattern.
 *
 * <p>String patterns are matched segment by segment with no regex: {@code /user/:id} (a named segment),
 * {@code /hello/:name?} (optional last segment; it absorbs its slash, so {@code /hello} matches),
 * {@code /file/*} (one segment, to the splat), {@code /files/**} (one or more segments, one splat value
 * such as {@code a/b/c}). A segment mixing text and tokens ({@code /:name.:ext}) is matched by a regex of
 * that segment alone, its literal text quoted. Regex routes match the whole path; named groups become
 * parameters, and without named groups every group goes to the splat.
 */
public abstract class PathPattern {
    private final String source;

    private PathPattern(String source) {
        this.source = source;
    }

    /**
     * Compiles a string pattern.
     *
     * @param pattern a pattern starting with {@code /}
     * @return the compiled pattern
     * @throws IllegalArgumentException if the pattern is malformed
     */
    public static PathPattern compile(String pattern) {
        return new Segments(pattern);
    }

    /**
     * Wraps a regex route.
     *
     * @param regex the regex, matched against the whole decoded path
     * @return the compiled pattern
     */
    public static PathPattern regex(Pattern regex) {
        return new Regex(regex);
    }

    /**
     * Returns the pattern as written.
     *
     * @return the source text
     */
    public String source() {
        return source;
    }

    /**
     * Returns the leading segments the route index can place the pattern by: each the literal text a path's
     * segment must equal, or null for one non-empty segment of any text (a {@code :param} or {@code *}).
     *
     * @return the segments, up to the first one the index cannot describe
     */
    abstract List<String> indexSegments();

    /**
     * Tells whether {@link #indexSegments()} is the whole pattern, so a path can only match when it has
     * exactly those segments; otherwise the rest of the pattern may match any remainder.
     *
     * @return true when the index describes every segment
     */
    abstract boolean indexedWhole();

    abstract boolean match(String path, Captures out);

    @Override
    public String toString() {
        return source;
    }

    private static final class Segments extends PathPattern {
        private static final int LITERAL = 0;
        private static final int PARAM = 1;
        private static final int OPTIONAL = 2;
        private static final int SPLAT = 3;
        private static final int MEGA = 4;
        private static final int MIXED = 5;
        private static final Pattern TOKEN = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)|\\*");

        private final int[] kinds;
        private final String[] texts;
        private final Pattern[] mixed;
        private final String[][] mixedNames;
        private final List<String> leading = new ArrayList<>();
        private final boolean whole;

        Segments(String pattern) {
            super(pattern);
            if (!pattern.startsWith("/")) {
                throw new IllegalArgumentException("a route pattern starts with /: " + pattern);
            }
            String[] parts = pattern.equals("/") ? new String[0] : pattern.substring(1).split("/", -1);
            for (int i = 0; i < parts.length; i++) {
                refuseTypos(pattern, parts[i], i == parts.length - 1);
            }
            kinds = new int[parts.length];
            texts = new String[parts.length];
            mixed = new Pattern[parts.length];
            mixedNames = new String[parts.length][];
            boolean indexable = true;
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean last = i == parts.length - 1;
                if (part.equals("*")) {
                    kinds[i] = SPLAT;
                } else if (part.equals("**")) {
                    kinds[i] = MEGA;
                } else if (part.matches(":[A-Za-z_][A-Za-z0-9_]*")) {
                    kinds[i] = PARAM;
                    texts[i] = part.substring(1);
                } else if (part.matches(":[A-Za-z_][A-Za-z0-9_]*\\?")) {
                    if (!last) {
                        throw new IllegalArgumentException("an optional :param must be the last segment: " + pattern);
                    }
                    kinds[i] = OPTIONAL;
                    texts[i] = part.substring(1, part.length() - 1);
                } else if (part.indexOf(':') < 0 && part.indexOf('*') < 0) {
                    kinds[i] = LITERAL;
                    texts[i] = part;
                } else {
                    kinds[i] = MIXED;
                    compileMixed(i, part);
                }
                indexable = indexable && (kinds[i] == LITERAL || kinds[i] == PARAM || kinds[i] == SPLAT);
                if (indexable) {
                    leading.add(kinds[i] == LITERAL ? part : null);
                }
            }
            whole = indexable;
        }

        /** Refuses text that is almost certainly a mistake, since it would be taken literally and never match. */
        private static void refuseTypos(String pattern, String part, boolean last) {
            if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
                throw new IllegalArgumentException("route patterns name parameters with a colon: did you mean "
                        + pattern.replaceAll("\\{([^/{}]*)}", ":$1") + " instead of " + pattern + "?");
            }
            if (part.indexOf('#') >= 0 || (part.indexOf('?') >= 0 && !part.matches(":[A-Za-z_][A-Za-z0-9_]*\\?"))) {
                throw new IllegalArgumentException("a route pattern matches the path only, never a query or fragment;"
                        + " read query parameters with ctx.param: " + pattern);
            }
            for (int c = part.indexOf(':'); c >= 0; c = part.indexOf(':', c + 1)) {
                if (c + 1 >= part.length() || !isNameStart(part.charAt(c + 1))) {
                    throw new IllegalArgumentException("a :parameter needs a name that starts with a letter or _,"
                            + " as in /user/:id: " + pattern);
                }
            }
            if (part.contains("***") || (part.contains("**") && !part.equals("**"))) {
                throw new IllegalArgumentException("** (the rest of the path) must be a whole segment of its own,"
                        + " as in /files/**: " + pattern);
            }
            if (part.isEmpty() && !last) {
                throw new IllegalArgumentException("a route pattern has an empty segment (//): " + pattern);
            }
        }

        private static boolean isNameStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }

        private void compileMixed(int i, String part) {
            StringBuilder re = new StringBuilder();
            List<String> names = new ArrayList<>();
            Matcher m = TOKEN.matcher(part);
            int last = 0;
            while (m.find()) {
                if (m.start() > last) {
                    re.append(Pattern.quote(part.substring(last, m.start())));
                }
                re.append("([^/]+)");
                names.add(m.group(1));
                last = m.end();
            }
            if (last < part.length()) {
                re.append(Pattern.quote(part.substring(last)));
            }
            mixed[i] = Pattern.compile(re.toString());
            mixedNames[i] = names.toArray(new String[0]);
        }

        @Override
        List<String> indexSegments() {
            return leading;
        }

        @Override
        boolean indexedWhole() {
            return whole;
        }

        @Override
        boolean match(String path, Captures out) {
            if (path.isEmpty() || path.charAt(0) != '/') {
                return false;
            }
            if (kinds.length == 0) {
                return path.length() == 1;
            }
            return matchFrom(path, 1, 0, out);
        }

        // pos is where the next segment starts; pos == length + 1 means the path has no segment left.
        private boolean matchFrom(String path, int pos, int i, Captures out) {
            int length = path.length();
            if (i == kinds.length) {
                return pos == length + 1;
            }
            if (kinds[i] == OPTIONAL) {
                if (pos > length) {
                    return true;
                }
                String rest = path.substring(pos);
                if (rest.indexOf('/') >= 0) {
                    return false;
                }
                if (!rest.isEmpty()) {
                    out.param(texts[i], rest);
                }
                return true;
            }
            if (pos > length) {
                return false;
            }
            int end = path.indexOf('/', pos);
            if (end < 0) {
                end = length;
            }
            switch (kinds[i]) {
                case LITERAL:
                    return end - pos == texts[i].length()
                            && path.regionMatches(pos, texts[i], 0, end - pos)
                            && matchFrom(path, end + 1, i + 1, out);
                case PARAM:
                    if (end == pos) {
                        return false;
                    }
                    out.param(texts[i], path.substring(pos, end));
                    return matchFrom(path, end + 1, i + 1, out);
                case SPLAT:
                    if (end == pos) {
                        return false;
                    }
                    out.splat(path.substring(pos, end));
                    return matchFrom(path, end + 1, i + 1, out);
                case MIXED:
                    return matchMixed(path, pos, end, i, out);
                default:
                    return matchMega(path, pos, i, out);
            }
        }

        private boolean matchMixed(String path, int pos, int end, int i, Captures out) {
            Matcher m = mixed[i].matcher(path).region(pos, end);
            if (!m.matches()) {
                return false;
            }
            String[] names = mixedNames[i];
            for (int g = 0; g < names.length; g++) {
                if (names[g] == null) {
                    out.splat(m.group(g + 1));
                } else {
                    out.param(names[g], m.group(g + 1));
                }
            }
            return matchFrom(path, end + 1, i + 1, out);
        }

        // Greedy: try the longest run of segments first, then give back one segment at a time.
        private boolean matchMega(String path, int pos, int i, Captures out) {
            int length = path.length();
            int end = length;
            while (end > pos) {
                long mark = out.mark();
                out.splat(path.substring(pos, end));
                if (matchFrom(path, end + 1, i + 1, out)) {
                    return true;
                }
                out.reset(mark);
                end = path.lastIndexOf('/', end - 1);
                if (end < pos) {
                    break;
                }
            }
            return false;
        }
    }

    private static final class Regex extends PathPattern {
        private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

        private final Pattern regex;
        private final List<String> groupNames = new ArrayList<>();

        Regex(Pattern regex) {
            super(regex.pattern());
            this.regex = regex;
            Matcher m = NAMED_GROUP.matcher(regex.pattern());
            while (m.find()) {
                groupNames.add(m.group(1));
            }
        }

        @Override
        List<String> indexSegments() {
            return List.of();
        }

        @Override
        boolean indexedWhole() {
            return false;
        }

        @Override
        boolean match(String path, Captures out) {
            Matcher m = regex.matcher(path);
            if (!m.matches()) {
                return false;
            }
            if (groupNames.isEmpty()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        out.splat(m.group(g));
                    }
                }
            } else {
                for (String name : groupNames) {
                    String value = m.group(name);
                    if (value != null) {
                        out.param(name, value);
                    }
                }
            }
            return true;
        }
    }
}
