package dev.lindy.http;

import dev.lindy.internal.Cookies;
import dev.lindy.internal.Urls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable HTTP request as a host received it: method, target, headers, body and connection facts.
 *
 * <p>Hosts build it with {@link #builder()}; handlers read it through {@code ctx.request()}.
 */
public final class Request {
    private static final byte[] NO_BODY = new byte[0];

    private final Method method;
    private final String target;
    private final String path;
    private final String query;
    private final Headers headers;
    private final byte[] body;
    private final Path bodyFile;
    private final long bodyLength;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final String scheme;
    private final String version;
    private final String basePath;
    private final String targetAuthority;
    private volatile Map<String, List<String>> queryParams;
    private volatile Map<String, String> cookies;

    private Request(Builder b) {
        this.method = Objects.requireNonNull(b.method, "method");
        this.target = Objects.requireNonNull(b.target, "target");
        if (target.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a request target never carries a fragment (#): " + target);
        }
        this.targetAuthority = Urls.authority(target);
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        this.query = q < 0 ? "" : target.substring(q + 1);
        Urls.checkQuery(query);
        this.path = Urls.decodePath(Urls.stripOrigin(rawPath));
        this.headers = b.headers;
        this.body = b.body;
        this.bodyFile = b.bodyFile;
        this.bodyLength = b.bodyFile == null ? b.body.length : b.bodyFileLength;
        this.remoteAddress = b.remoteAddress;
        this.localAddress = b.localAddress;
        this.scheme = b.scheme;
        this.version = b.version;
        this.basePath = b.basePath;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with method GET, target {@code /}, scheme http and version HTTP/1.1
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding a copy of this request, to make an edited one.
     *
     * @return a builder
     */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.target = target;
        b.headers = headers;
        b.body = body;
        b.bodyFile = bodyFile;
        b.bodyFileLength = bodyLength;
        b.remoteAddress = remoteAddress;
        b.localAddress = localAddress;
        b.scheme = scheme;
        b.version = version;
        b.basePath = basePath;
        return b;
    }

    /**
     * Returns the method.
     *
     * @return the request method
     */
    public Method method() {
        return method;
    }

    /**
     * Returns the request target exactly as sent, path and query, still encoded.
     *
     * @return the raw target, for example {@code /a%20b?x=1}
     */
    public String target() {
        return target;
    }

    /**
     * Returns the decoded path, without the query, its dot segments removed; routes match against it.
     *
     * @return the path, for example {@code /a b} for {@code /x/../a%20b}
     */
    public String path() {
        return path;
    }

    /**
     * Returns the raw query string, without the {@code ?}.
     *
     * @return the query, empty if none
     */
    public String query() {
        return query;
    }

    /**
     * Returns the decoded query parameters; {@code +} means a space and a repeated name keeps every value.
     *
     * @return an unmodifiable map from name to values, in order
     */
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> params = queryParams;
        if (params == null) {
            params = Urls.parseQuery(query);
            queryParams = params;
        }
        return params;
    }

    /**
     * Returns the first value of a query parameter.
     *
     * @param name the parameter name
     * @return the decoded value, or null
     */
    public String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null ? null : values.get(0);
    }

    /**
     * Returns the headers.
     *
     * @return the request headers
     */
    public Headers headers() {
        return headers;
    }

    /**
     * Returns the first value of a request header.
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
     * @return the body, empty if none
     * @throws IllegalStateException if the body is a large upload kept in a temporary file: read it with
     *     {@link #bodyStream()}, or its files with {@code ctx.uploads()}
     */
    public byte[] body() {
        if (bodyFile != null) {
            throw new IllegalStateException("this request's body (" + bodyLength + " bytes, an upload) is in a temporary"
                    + " file, not in memory: read it with bodyStream(), or its files with ctx.uploads()");
        }
        return body;
    }

    /**
     * Returns the body's length in bytes, wherever it is kept.
     *
     * @return the length, 0 if none
     */
    public long bodyLength() {
        return bodyLength;
    }

    /**
     * Returns the temporary file holding the body, for a large upload; deleted when the request ends.
     *
     * @return the file, or null when the body is in memory
     */
    public Path bodyFile() {
        return bodyFile;
    }

    /**
     * Opens the body, in memory or in its temporary file.
     *
     * @return a stream to read and close
     * @throws IOException if the temporary file cannot be opened
     */
    public InputStream bodyStream() throws IOException {
        return bodyFile != null ? Files.newInputStream(bodyFile) : new ByteArrayInputStream(body);
    }

    /**
     * Returns the body decoded as UTF-8.
     *
     * @return the body text
     * @throws IllegalStateException if the body is in a temporary file, as {@link #body()}
     */
    public String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /**
     * Returns the client's address.
     *
     * @return the remote address, or null when the host does not know it
     */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * Returns the address the request arrived on.
     *
     * @return the local address, or null when the host does not know it
     */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Returns the scheme.
     *
     * @return {@code http} or {@code https}
     */
    public String scheme() {
        return scheme;
    }

    /**
     * Returns the protocol version.
     *
     * @return for example {@code HTTP/1.1}
     */
    public String version() {
        return version;
    }

    /**
     * Returns the path the app is mounted under, which the path does not include: a servlet's context
     * path, say. Routes never see it; links built with {@code ctx.uriFor} include it.
     *
     * @return empty, or a path starting with {@code /}
     */
    public String basePath() {
        return basePath;
    }

    /**
     * Returns the cookies the client sent (RFC 6265): the first value of a repeated name, quoted values
     * unquoted; pairs that are junk are skipped.
     *
     * @return an unmodifiable map from name to value
     */
    public Map<String, String> cookies() {
        Map<String, String> c = cookies;
        if (c == null) {
            c = Cookies.parse(headers.all("Cookie"));
            cookies = c;
        }
        return c;
    }

    /**
     * Returns a cookie the client sent.
     *
     * @param name the cookie's name
     * @return the value, or null
     */
    public String cookie(String name) {
        return cookies().get(name);
    }

    /**
     * Returns the host the client asked for: the authority of an absolute-form target (which RFC 9112 says
     * wins over {@code Host}), else the Host header, else the local address.
     *
     * @return host and optional port, for example {@code localhost:3000}
     */
    public String host() {
        if (targetAuthority != null) {
            return targetAuthority;
        }
        String host = headers.get("Host");
        if (host != null && !host.isEmpty()) {
            return host;
        }
        if (localAddress != null) {
            return localAddress.getHostString() + ":" + localAddress.getPort();
        }
        return "localhost";
    }

    @Override
    public String toString() {
        return method + " " + target;
    }

    /**
     * A mutable builder of {@link Request}; not thread-safe.
     */
    public static final class Builder {
        private Method method = Method.GET;
        private String target = "/";
        private Headers headers = Headers.empty();
        private byte[] body = NO_BODY;
        private Path bodyFile;
        private long bodyFileLength;
        private InetSocketAddress remoteAddress;
        private InetSocketAddress localAddress;
        private String scheme = "http";
        private String version = "HTTP/1.1";
        private String basePath = "";

        private Builder() {
        }

        /**
         * Sets the path the app is mounted under.
         *
         * @param basePath empty, or a path starting with {@code /} and not ending with one
         * @return this builder
         */
        public Builder basePath(String basePath) {
            if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
                throw new IllegalArgumentException("a base path starts with / and does not end with one: " + basePath);
            }
            this.basePath = basePath;
            return this;
        }

        /**
         * Sets the method.
         *
         * @param method the method
         * @return this builder
         */
        public Builder method(Method method) {
            this.method = Objects.requireNonNull(method);
            return this;
        }

        /**
         * Sets the raw request target: an origin form ({@code /p?q}) or an absolute URL.
         *
         * @param target the target as sent
         * @return this builder
         */
        public Builder target(String target) {
            this.target = Objects.requireNonNull(target);
            return this;
        }

        /**
         * Sets the headers.
         *
         * @param headers the headers
         * @return this builder
         */
        public Builder headers(Headers headers) {
            this.headers = Objects.requireNonNull(headers);
            return this;
        }

        /**
         * Sets the body; the array is not copied.
         *
         * @param body the body
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body);
            this.bodyFile = null;
            return this;
        }

        /**
         * Sets a body kept in a temporary file (a large upload), which the request's handler deletes when
         * the request ends.
         *
         * @param file the file
         * @param length its length in bytes
         * @return this builder
         */
        public Builder bodyFile(Path file, long length) {
            this.bodyFile = Objects.requireNonNull(file);
            this.bodyFileLength = length;
            this.body = NO_BODY;
            return this;
        }

        /**
         * Sets the client's address.
         *
         * @param address the remote address
         * @return this builder
         */
        public Builder remoteAddress(InetSocketAddress address) {
            this.remoteAddress = address;
            return this;
        }

        /**
         * Sets the local address.
         *
         * @param address the local address
         * @return this builder
         */
        public Builder localAddress(InetSocketAddress address) {
            this.localAddress = address;
            return this;
        }

        /**
         * Sets the scheme.
         *
         * @param scheme {@code http} or {@code https}
         * @return this builder
         */
        public Builder scheme(String scheme) {
            this.scheme = Objects.requireNonNull(scheme);
            return this;
        }

        /**
         * Sets the protocol version.
         *
         * @param version for example {@code HTTP/1.0}
         * @return this builder
         */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version);
            return this;
        }

        /**
         * Returns the request.
         *
         * @return the immutable request
         * @throws IllegalArgumentException if the target is malformed: a bad percent escape in the path or
         *     the query, an encoded slash or a NUL in the path; hosts answer it with a 400
         */
        public Request build() {
            return new Request(this);
        }
    }
}
