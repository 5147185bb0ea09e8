package dev.lindy.config.internal;

import dev.lindy.config.ConfigException;
import java.util.function.Function;

/**
 * Expands the environment variables in one configuration string: {@code ${NAME}}, {@code ${NAME:-default}}
 * where the default may hold variables of its own ({@code ${PORT:-${DEFAULT_PORT:-3000}}}), and
 * <code>$${</code> for a literal <code>${</code>. A default is used only when its variable is not set. Anything else
 * after <code>${</code>, or a <code>${</code> never closed, is an error naming the file, the line and the key.
 */
final class Variables {
    private static final int MAX_NESTING = 8;

    private final String text;
    private final Function<String, String> environment;
    private final String where;
    private int pos;

    private Variables(String text, Function<String, String> environment, String where) {
        this.text = text;
        this.environment = environment;
        this.where = where;
    }

    /**
     * Returns a string with its variables replaced by their values.
     *
     * @param text the string as written in the file
     * @param environment the environment variables
     * @param where the file, the line and the key, for errors
     * @return the expanded string
     * @throws ConfigException for a malformed or unclosed <code>${</code>, or an unset variable without a default
     */
    static String expand(String text, Function<String, String> environment, String where) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Variables v = new Variables(text, environment, where);
        StringBuilder out = new StringBuilder(text.length());
        v.sequence(out, 0, true, -1);
        return out.toString();
    }

    // Reads text up to its end or, inside a default (depth > 0), up to the '}' that closes the default's
    // variable, which began at start. Output goes to out only when used.
    private void sequence(StringBuilder out, int depth, boolean used, int start) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '}' && depth > 0) {
                pos++;
                return;
            }
            if (text.startsWith("$${", pos)) {
                append(out, used, "${");
                pos += 3;
            } else if (text.startsWith("${", pos)) {
                variable(out, depth, used);
            } else {
                append(out, used, String.valueOf(c));
                pos++;
            }
        }
        if (depth > 0) {
            throw unclosed(start);
        }
    }

    private void variable(StringBuilder out, int depth, boolean used) {
        int start = pos;
        if (depth == MAX_NESTING) {
            throw error("defaults nest more than " + MAX_NESTING + " variables deep");
        }
        pos += 2;
        int nameStart = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos), pos == nameStart)) {
            pos++;
        }
        String name = text.substring(nameStart, pos);
        if (pos == text.length()) {
            throw unclosed(start);
        }
        boolean plain = text.charAt(pos) == '}';
        if (name.isEmpty() || !plain && !text.startsWith(":-", pos)) {
            throw error("'" + excerpt(start) + "' is not a variable: write ${NAME} or ${NAME:-default}, NAME made"
                    + " of letters, digits and _ (or $${ for a literal ${)");
        }
        String value = used ? environment.apply(name) : null;
        if (plain) {
            pos++;
            if (used && value == null) {
                throw error("the environment variable " + name + " is not set (write ${" + name
                        + ":-default} to give a default)");
            }
        } else {
            pos += 2;
            sequence(out, depth + 1, used && value == null, start);
        }
        if (value != null) {
            out.append(value);
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || !first && c >= '0' && c <= '9';
    }

    private static void append(StringBuilder out, boolean used, String s) {
        if (used) {
            out.append(s);
        }
    }

    private ConfigException unclosed(int start) {
        return error("'" + excerpt(start) + "' is not closed: end it with } (or write $${ for a literal ${)");
    }

    private String excerpt(int start) {
        int end = text.indexOf('}', start);
        end = end < 0 ? text.length() : end + 1;
        return end - start > 40 ? text.substring(start, start + 40) + "..." : text.substring(start, end);
    }

    private ConfigException error(String message) {
        return new ConfigException(where + ": " + message);
    }
}
