package dev.lindy.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An immutable HTTP response: status, headers and a body held in memory.
 *
 * <p>Build one with the factories ({@link #of(int, String)}, {@link #redirect(String, int)}) or
 * {@link #builder()}; {@link #newBuilder()} makes an edited copy.
 */
public final class Response {
    private static final byte[] NO_BODY = new byte[0];

    private final int status;
    private final Headers headers;
    private final byte[] body;
    private final FileBody file;

    private Response(int status, Headers headers, byte[] body) {
        this(status, headers, body, null);
    }

    private Response(int status, Headers headers, byte[] body, FileBody file) {
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException(status < 100 || status > 999 ? "status out of range: " + status
                    : "a 1xx status is interim, never a final response: " + status);
        }
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.file = file;
    }

    /**
     * Returns a text response, {@code text/plain; charset=utf-8}.
     *
     * @param status the status code
     * @param text the body
     * @return the response
     */
    public static Response of(int status, String text) {
        return new Response(status, Headers.of("Content-Type", "text/plain; charset=utf-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns a response made of its three parts.
     *
     * @param status the status code
     * @param headers the headers
     * @param body the body; the array is not copied
     * @return the response
     */
    public static Response of(int status, Headers headers, byte[] body) {
        return new Response(status, Objects.requireNonNull(headers, "headers"), Objects.requireNonNull(body, "body"));
    }

    /**
     * Returns a response whose body is a part of a file, sent without reading it into memory.
     *
     * @param status the status code
     * @param headers the headers; the host sets Content-Length from the file's part
     * @param file the open part of a file, which the response now owns
     * @return the response
     */
    public static Response file(int status, Headers headers, FileBody file) {
        return new Response(status, Objects.requireNonNull(headers, "headers"), NO_BODY, Objects.requireNonNull(file, "file"));
    }

    /**
     * Returns a response with no body.
     *
     * @param status the status code
     * @return the response
     */
    public static Response status(int status) {
        return new Response(status, Headers.empty(), NO_BODY);
    }

    /**
     * Returns a redirect to a location, used as given.
     *
     * @param location the Location header value
     * @param status a 3xx status, usually 302 or 303
     * @return the response
     */
    public static Response redirect(String location, int status) {
        return new Response(status, Headers.of("Location", location), NO_BODY);
    }

    /**
     * Returns a new builder.
     *
     * @return a builder for a 200 response with no headers and no body
     */
    public static Builder builder() {
        return new Builder(OK_TEMPLATE);
    }

    private static final Response OK_TEMPLATE = new Response(200, Headers.empty(), NO_BODY);

    /**
     * Returns a builder that starts with this response, to make an edited copy.
     *
     * @return a builder
     */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /**
     * Returns the status code.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * Returns the headers.
     *
     * @return the response headers
     */
    public Headers headers() {
        return headers;
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the header name, any case
     * @return the value, or null
     */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * Returns the body bytes; the array is shared, do not change it.
     *
     * @return the body, empty if none or if the body is a file
     */
    public byte[] body() {
        return body;
    }

    /**
     * Returns the file the body comes from.
     *
     * @return the file's part, or null when the body is in memory
     */
    public FileBody file() {
        return file;
    }

    /**
     * Returns this response with other headers, the same status and body.
     *
     * @param headers the headers
     * @return the response
     */
    public Response withHeaders(Headers headers) {
        return new Response(status, Objects.requireNonNull(headers, "headers"), body, file);
    }

    /**
     * Returns the body decoded as UTF-8.
     *
     * @return the body text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Response{" + status + ", " + headers + ", " + (file != null ? file.toString() : body.length + " bytes") + "}";
    }

    /**
     * A mutable builder of {@link Response}; not thread-safe.
     */
    public static final class Builder {
        private int status;
        private final Headers.Builder headers;
        private byte[] body;
        private FileBody file;

        private Builder(Response from) {
            this.status = from.status;
            this.headers = from.headers.newBuilder();
            this.body = from.body;
            this.file = from.file;
        }

        /**
         * Sets the status.
         *
         * @param status the status code
         * @return this builder
         */
        public Builder status(int status) {
            this.status = status;
            return this;
        }

        /**
         * Sets a header, replacing earlier values.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.set(name, value);
            return this;
        }

        /**
         * Adds a header, keeping earlier values.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         */
        public Builder addHeader(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /**
         * Sets every header of a list, replacing earlier values of the same names.
         *
         * @param more the headers
         * @return this builder
         */
        public Builder headers(Headers more) {
            more.names().forEach(headers::remove);
            headers.addAll(more);
            return this;
        }

        /**
         * Sets the Content-Type header.
         *
         * @param type the media type
         * @return this builder
         */
        public Builder contentType(String type) {
            return header("Content-Type", type);
        }

        /**
         * Sets the body; the array is not copied.
         *
         * @param body the bytes
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body);
            this.file = null;
            return this;
        }

        /**
         * Sets the body as UTF-8 text.
         *
         * @param text the text
         * @return this builder
         */
        public Builder body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Returns the response.
         *
         * @return the immutable response
         */
        public Response build() {
            return new Response(status, headers.build(), body, file);
        }
    }
}
