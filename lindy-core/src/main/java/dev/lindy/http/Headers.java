package dev.lindy.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered list of HTTP header fields whose names compare ignoring case.
 *
 * <p>A name may repeat (for example {@code Set-Cookie}); {@link #get} returns the first value and
 * {@link #all} every one, in order.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(new String[0]);

    // Names and values interleaved: [name0, value0, name1, value1, ...]; small and cache-friendly.
    private final String[] fields;

    private Headers(String[] fields) {
        this.fields = fields;
    }

    /**
     * Returns the empty header list.
     *
     * @return headers with no fields
     */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * Returns headers made of name/value pairs.
     *
     * @param namesAndValues an even number of strings: name, value, name, value...
     * @return the headers
     * @throws IllegalArgumentException if the count is odd or a name or value is invalid
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected name/value pairs");
        }
        if (namesAndValues.length == 0) {
            return EMPTY;
        }
        // Checked in place and copied once: the caller keeps its array, and a host turning a request's
        // fields into headers makes no list on the way.
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Builder.checkName(namesAndValues[i]);
            Builder.checkValue(namesAndValues[i + 1]);
        }
        return new Headers(namesAndValues.clone());
    }

    /**
     * Returns a new, empty builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder(new ArrayList<>());
    }

    /**
     * Returns a builder that starts with these headers, to make an edited copy.
     *
     * @return a builder holding a copy of these fields
     */
    public Builder newBuilder() {
        List<String> list = new ArrayList<>(fields.length + 8);
        Collections.addAll(list, fields);
        return new Builder(list);
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the header name, any case
     * @return the first value, or null if absent
     */
    public String get(String name) {
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return fields[i + 1];
            }
        }
        return null;
    }

    /**
     * Returns every value of a header, in order.
     *
     * @param name the header name, any case
     * @return the values, empty if absent
     */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                out.add(fields[i + 1]);
            }
        }
        return out;
    }

    /**
     * Tells whether a header is present.
     *
     * @param name the header name, any case
     * @return true if at least one field has this name
     */
    public boolean has(String name) {
        return get(name) != null;
    }

    /**
     * Returns the distinct names, in first-seen order and as first spelled.
     *
     * @return the names
     */
    public Set<String> names() {
        Set<String> lower = new LinkedHashSet<>();
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < fields.length; i += 2) {
            if (lower.add(fields[i].toLowerCase(Locale.ROOT))) {
                out.add(fields[i]);
            }
        }
        return out;
    }

    /**
     * Returns the number of fields, counting repeats.
     *
     * @return the field count
     */
    public int size() {
        return fields.length / 2;
    }

    /**
     * Returns the name of a field by its position, as spelled when added.
     *
     * @param index the field's position, from 0 to {@link #size()} - 1
     * @return the name
     * @throws IndexOutOfBoundsException if there is no such field
     */
    public String name(int index) {
        return fields[field(index)];
    }

    /**
     * Returns the value of a field by its position.
     *
     * @param index the field's position, from 0 to {@link #size()} - 1
     * @return the value
     * @throws IndexOutOfBoundsException if there is no such field
     */
    public String value(int index) {
        return fields[field(index) + 1];
    }

    private int field(int index) {
        if (index < 0 || index >= fields.length / 2) {
            throw new IndexOutOfBoundsException("field " + index + " of " + fields.length / 2);
        }
        return index * 2;
    }

    /**
     * Tells whether there are no fields.
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return fields.length == 0;
    }

    /**
     * Calls an action with every field, in order.
     *
     * @param action receives each name and value
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < fields.length; i += 2) {
            action.accept(fields[i], fields[i + 1]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers && Arrays.equals(fields, ((Headers) o).fields);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers{");
        forEach((n, v) -> sb.append(n).append(": ").append(v).append("; "));
        return sb.append('}').toString();
    }

    /**
     * A mutable builder of {@link Headers}; not thread-safe.
     */
    public static final class Builder {
        private final List<String> fields;

        private Builder(List<String> fields) {
            this.fields = fields;
        }

        /**
         * Adds a field, keeping any earlier ones with the same name.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException if the name is not a token or the value holds CR or LF
         */
        public Builder add(String name, String value) {
            fields.add(checkName(name));
            fields.add(checkValue(value));
            return this;
        }

        /**
         * Sets a field, replacing every earlier one with the same name.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        /**
         * Adds a field only when no field of that name exists yet.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         */
        public Builder setIfAbsent(String name, String value) {
            return get(name) == null ? add(name, value) : this;
        }

        /**
         * Removes every field with this name.
         *
         * @param name the header name, any case
         * @return this builder
         */
        public Builder remove(String name) {
            for (int i = fields.size() - 2; i >= 0; i -= 2) {
                if (fields.get(i).equalsIgnoreCase(name)) {
                    fields.remove(i + 1);
                    fields.remove(i);
                }
            }
            return this;
        }

        /**
         * Returns the first value of a header set so far.
         *
         * @param name the header name, any case
         * @return the value, or null
         */
        public String get(String name) {
            for (int i = 0; i < fields.size(); i += 2) {
                if (fields.get(i).equalsIgnoreCase(name)) {
                    return fields.get(i + 1);
                }
            }
            return null;
        }

        /**
         * Adds every field of other headers.
         *
         * @param headers the fields to add
         * @return this builder
         */
        public Builder addAll(Headers headers) {
            Collections.addAll(fields, headers.fields);
            return this;
        }

        /**
         * Returns the immutable headers.
         *
         * @return the headers built so far
         */
        public Headers build() {
            return fields.isEmpty() ? EMPTY : new Headers(fields.toArray(new String[0]));
        }

        private static String checkName(String name) {
            Objects.requireNonNull(name, "header name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty header name");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= 32 || c >= 127 || c == ':') {
                    throw new IllegalArgumentException("invalid header name: " + name);
                }
            }
            return name;
        }

        private static String checkValue(String value) {
            Objects.requireNonNull(value, "header value");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException("header value holds CR, LF or NUL");
                }
            }
            return value;
        }
    }
}
