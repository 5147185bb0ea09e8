package dev.lindy.internal;

/** JSON string literals for the few places core writes JSON itself, without a mapper. */
public final class JsonStrings {
    private JsonStrings() {
    }

    /**
     * Appends a string as a JSON string literal: quoted, with quotes, backslashes and control characters
     * escaped.
     *
     * @param out where it goes
     * @param s the string
     */
    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
