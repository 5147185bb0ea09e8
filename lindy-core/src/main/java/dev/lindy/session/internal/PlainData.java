package dev.lindy.session.internal;

import dev.lindy.internal.JsonStrings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a session may hold, and their text form: strings, whole and decimal numbers, booleans,
 * null, and lists and string-keyed maps of those, written as JSON. Plain data can live in any store, a
 * cookie or Redis as well as memory, and reads back the same everywhere (whole numbers as {@code Long},
 * decimals as {@code Double}).
 */
public final class PlainData {
    private PlainData() {
    }

    /**
     * Returns a value as a session keeps it, or refuses it.
     *
     * @param key the session key, for the message
     * @param value the value
     * @return the value, with ints widened to Long and floats to Double, lists and maps copied
     * @throws IllegalArgumentException if it is not plain data
     */
    public static Object check(String key, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                out.add(check(key, item));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("session value '" + key + "' is a map with a key that is not a String");
                }
                out.put((String) e.getKey(), check(key, e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        throw new IllegalArgumentException("session value '" + key + "' is a " + value.getClass().getName()
                + "; a session holds plain data (String, number, Boolean, List, Map) so that any store can keep it;"
                + " store an id and look the object up");
    }

    /**
     * Writes plain data as JSON.
     *
     * @param value a value that passed {@link #check}
     * @return the JSON text
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            JsonStrings.quote(out, (String) value);
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                out.append(first ? "" : ",");
                JsonStrings.quote(out, (String) e.getKey());
                out.append(':');
                write(e.getValue(), out);
                first = false;
            }
            out.append('}');
        } else if (value instanceof List) {
            out.append('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                out.append(first ? "" : ",");
                write(item, out);
                first = false;
            }
            out.append(']');
        } else if (value instanceof Double) {
            double d = (Double) value;
            // JSON has no NaN or infinities; a decimal point keeps the value a Double when read back.
            out.append(Double.isFinite(d) ? (d == Math.rint(d) && Math.abs(d) < 1e15 ? (long) d + ".0" : Double.toString(d))
                    : "null");
        } else {
            out.append(value);
        }
    }

    /**
     * Reads JSON written by {@link #write}.
     *
     * @param json the text
     * @return the value
     * @throws IllegalArgumentException if the text is not such JSON
     */
    public static Object read(String json) {
        Reader r = new Reader(json);
        Object v = r.value();
        r.skipSpace();
        if (r.pos != json.length()) {
            throw new IllegalArgumentException("trailing text in session data at " + r.pos);
        }
        return v;
    }

    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        Object value() {
            skipSpace();
            if (pos >= s.length()) {
                throw new IllegalArgumentException("session data ends early");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                return map();
            }
            if (c == '[') {
                return list();
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("null", pos)) {
                pos += 4;
                return null;
            }
            if (s.startsWith("true", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            return number();
        }

        private Map<String, Object> map() {
            Map<String, Object> out = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableMap(out);
            }
            for (;;) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                out.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
                    return Collections.unmodifiableMap(out);
                }
            }
        }

        private List<Object> list() {
            List<Object> out = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(out);
            }
            for (;;) {
                out.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']');
                    return Collections.unmodifiableList(out);
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        break;
                    }
                    char e = s.charAt(pos++);
                    if (e == 'u') {
                        if (pos + 4 > s.length()) {
                            break;
                        }
                        out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    } else {
                        out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated string in session data");
        }

        private Object number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String text = s.substring(start, pos);
            if (text.isEmpty()) {
                throw new IllegalArgumentException("unexpected character in session data at " + start);
            }
            try {
                return text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0
                        ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number in session data: " + text, e);
            }
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' in session data at " + pos);
            }
            pos++;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}
