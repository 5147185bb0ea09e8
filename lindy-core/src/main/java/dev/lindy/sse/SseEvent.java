package dev.lindy.sse;

import java.time.Duration;
import java.util.Objects;

/**
 * One server-sent event: its data, and optionally an id, a name, a reconnection delay and a comment.
 * Immutable; make one with {@link #of(String)} or {@link #builder()}.
 *
 * <pre>{@code
 * sse.send(SseEvent.builder().id("42").name("price").data("{\"eur\":12.5}").build());
 * }</pre>
 *
 * <p>Data that spans lines goes out as one {@code data:} line per line, whatever its line ends
 * ({@code \n}, {@code \r\n} or {@code \r}), and the browser joins them back with {@code \n}.
 */
public final class SseEvent {
    private final String id;
    private final String name;
    private final String data;
    private final Duration retry;
    private final String comment;

    private SseEvent(Builder b) {
        this.id = b.id;
        this.name = b.name;
        this.data = b.data;
        this.retry = b.retry;
        this.comment = b.comment;
    }

    /**
     * Returns an event with data alone, which a browser's {@code onmessage} receives.
     *
     * @param data the data, any text
     * @return the event
     */
    public static SseEvent of(String data) {
        return builder().data(data).build();
    }

    /**
     * Returns a builder of an empty event.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this event's fields, to make a changed copy.
     *
     * @return the builder
     */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.name = name;
        b.data = data;
        b.retry = retry;
        b.comment = comment;
        return b;
    }

    /**
     * Returns the event's id, which the browser sends back as {@code Last-Event-ID} when it reconnects.
     *
     * @return the id, or null
     */
    public String id() {
        return id;
    }

    /**
     * Returns the event's name; a browser hands named events to {@code addEventListener(name, ...)}.
     *
     * @return the name, or null for a plain message
     */
    public String name() {
        return name;
    }

    /**
     * Returns the event's data.
     *
     * @return the text, or null for an event without data (a browser dispatches no event for it)
     */
    public String data() {
        return data;
    }

    /**
     * Returns how long the browser should wait before it reconnects after losing the stream.
     *
     * @return the delay, or null to leave the browser's own
     */
    public Duration retry() {
        return retry;
    }

    /**
     * Returns a comment sent with the event, which browsers ignore.
     *
     * @return the comment, or null
     */
    public String comment() {
        return comment;
    }

    @Override
    public String toString() {
        return "SseEvent[id=" + id + ", name=" + name + ", data=" + data + "]";
    }

    /** Builds an {@link SseEvent}. */
    public static final class Builder {
        private String id;
        private String name;
        private String data;
        private Duration retry;
        private String comment;

        private Builder() {
        }

        /**
         * Sets the id.
         *
         * @param id the id: no line breaks and no NUL, which browsers would not take
         * @return this builder
         * @throws IllegalArgumentException if it holds a line break or NUL
         */
        public Builder id(String id) {
            if (id != null && (id.indexOf('\0') >= 0 || hasLineBreak(id))) {
                throw new IllegalArgumentException("an event id holds no line break and no NUL");
            }
            this.id = id;
            return this;
        }

        /**
         * Sets the name.
         *
         * @param name the name: no line breaks
         * @return this builder
         * @throws IllegalArgumentException if it is empty or holds a line break
         */
        public Builder name(String name) {
            if (name != null && (name.isEmpty() || hasLineBreak(name))) {
                throw new IllegalArgumentException("an event name is not empty and holds no line break");
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the data.
         *
         * @param data any text; line breaks split it into several {@code data:} lines
         * @return this builder
         */
        public Builder data(String data) {
            this.data = data;
            return this;
        }

        /**
         * Sets the reconnection delay.
         *
         * @param retry zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder retry(Duration retry) {
            if (retry != null && retry.isNegative()) {
                throw new IllegalArgumentException("retry must not be negative: " + retry);
            }
            this.retry = retry;
            return this;
        }

        /**
         * Sets a comment.
         *
         * @param comment any text; line breaks split it into several comment lines
         * @return this builder
         */
        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /**
         * Returns the event.
         *
         * @return the event
         * @throws IllegalStateException if it holds nothing at all
         */
        public SseEvent build() {
            if (id == null && name == null && data == null && retry == null && comment == null) {
                throw new IllegalStateException("an event needs at least one field");
            }
            return new SseEvent(this);
        }

        private static boolean hasLineBreak(String s) {
            return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SseEvent)) {
            return false;
        }
        SseEvent e = (SseEvent) o;
        return Objects.equals(id, e.id) && Objects.equals(name, e.name) && Objects.equals(data, e.data)
                && Objects.equals(retry, e.retry) && Objects.equals(comment, e.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, data, retry, comment);
    }
}
