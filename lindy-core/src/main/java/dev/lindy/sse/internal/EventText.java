package dev.lindy.sse.internal;

import dev.lindy.sse.SseEvent;

/** Writes events in the {@code text/event-stream} format (HTML Living Standard, server-sent events). */
public final class EventText {
    private EventText() {
    }

    /**
     * Returns an event as the lines that carry it, ending with the blank line that dispatches it.
     *
     * @param event the event
     * @return the text
     */
    public static String of(SseEvent event) {
        StringBuilder out = new StringBuilder(64 + (event.data() == null ? 0 : event.data().length()));
        append(out, event);
        return out.toString();
    }

    /**
     * Appends an event to text being built.
     *
     * @param out the text
     * @param event the event
     */
    public static void append(StringBuilder out, SseEvent event) {
        if (event.comment() != null) {
            lines(out, ":", event.comment());
        }
        if (event.retry() != null) {
            out.append("retry: ").append(event.retry().toMillis()).append('\n');
        }
        if (event.id() != null) {
            out.append("id: ").append(event.id()).append('\n');
        }
        if (event.name() != null) {
            out.append("event: ").append(event.name()).append('\n');
        }
        if (event.data() != null) {
            lines(out, "data:", event.data());
        }
        out.append('\n');
    }

    /**
     * Appends a plain event with an id, its data already free of line breaks (such as JSON text).
     *
     * @param out the text
     * @param id the id
     * @param data the data
     */
    public static void appendMessage(StringBuilder out, long id, String data) {
        out.append("id: ").append(id).append('\n');
        lines(out, "data:", data);
        out.append('\n');
    }

    /**
     * Appends a local message of the hub: an event named {@code local}, without an id, its data already free
     * of line breaks.
     *
     * @param out the text
     * @param data the data
     */
    public static void appendLocal(StringBuilder out, String data) {
        out.append("event: local\n");
        lines(out, "data:", data);
        out.append('\n');
    }

    // One field line per line of the value, whatever ends the lines: CRLF, LF or CR.
    private static void lines(StringBuilder out, String field, String value) {
        int start = 0;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                line(out, field, value, start, i);
                if (c == '\r' && i + 1 < n && value.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        line(out, field, value, start, n);
    }

    private static void line(StringBuilder out, String field, String value, int from, int to) {
        out.append(field);
        // Readers strip one space after the colon: writing one always keeps a value's own leading space.
        out.append(' ');
        out.append(value, from, to).append('\n');
    }
}
