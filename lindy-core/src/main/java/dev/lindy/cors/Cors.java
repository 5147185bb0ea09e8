package dev.lindy.cors;

import dev.lindy.App;
import dev.lindy.Context;
import dev.lindy.Plugin;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol) as a plugin: it answers preflight
 * requests, and adds the {@code Access-Control-*} headers to the responses of allowed origins. Requests
 * from origins not listed get no CORS headers, so browsers keep their responses from the page that asked.
 *
 * <pre>{@code
 * app.register(Cors.builder()
 *         .allowOrigins("https://app.example.com")
 *         .allowMethods(GET, POST, PUT)
 *         .allowHeaders("Content-Type", "Authorization")
 *         .allowCredentials(true)
 *         .build());
 * }</pre>
 *
 * <p>A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered by the plugin's
 * before hook, whether or not a route answers OPTIONS for that path: 204 when the origin, method and
 * headers are allowed, else 403 with the reason, as plain text. Its headers join every response in an
 * after hook, on whatever thread answers.
 */
public final class Cors implements Plugin {
    private final Set<String> origins;
    private final boolean anyOrigin;
    private final Set<String> methods;
    private final Set<String> headers;
    private final String exposed;
    private final boolean credentials;
    private final Duration maxAge;

    private Cors(Builder b) {
        this.origins = Set.copyOf(b.origins);
        this.anyOrigin = b.origins.contains("*");
        this.methods = b.methods.stream().map(Method::name).collect(Collectors.toCollection(LinkedHashSet::new));
        this.headers = b.headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.exposed = String.join(", ", b.exposed);
        this.credentials = b.credentials;
        this.maxAge = b.maxAge;
        if (anyOrigin && credentials) {
            throw new IllegalArgumentException("CORS forbids credentials with any origin (*): list the origins");
        }
    }

    /**
     * Returns a builder: no origins allowed yet; GET, HEAD and POST; no extra headers; no credentials.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void register(App app) {
        app.before(this::preflight);
        app.after(this::decorate);
    }

    private void preflight(Context ctx) {
        String origin = ctx.request().header("Origin");
        String method = ctx.request().header("Access-Control-Request-Method");
        if (origin == null || method == null || !ctx.request().method().equals(Method.OPTIONS)) {
            return;
        }
        String refusal = refusal(origin, method, ctx.request().header("Access-Control-Request-Headers"));
        if (refusal != null) {
            // Plain text: the reason quotes what the client sent, which must never be read as HTML.
            ctx.halt(403, Response.of(403, "CORS preflight refused: " + refusal));
        }
        ctx.header("Access-Control-Allow-Methods", String.join(", ", methods));
        String requested = ctx.request().header("Access-Control-Request-Headers");
        if (requested != null && !requested.isBlank()) {
            ctx.header("Access-Control-Allow-Headers", requested);
        }
        ctx.header("Access-Control-Max-Age", String.valueOf(maxAge.getSeconds()));
        ctx.halt(204, null);
    }

    private String refusal(String origin, String method, String requestedHeaders) {
        if (!allows(origin)) {
            return "the origin " + origin + " is not allowed";
        }
        if (!methods.contains(method.trim())) {
            return "the method " + method + " is not allowed";
        }
        if (requestedHeaders != null) {
            for (String h : requestedHeaders.split(",")) {
                String name = h.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !headers.contains(name)) {
                    return "the header " + name + " is not allowed";
                }
            }
        }
        return null;
    }

    private Response decorate(Context ctx, Response response) {
        String origin = ctx.request().header("Origin");
        Headers.Builder h = response.headers().newBuilder();
        if (!anyOrigin) {
            h.add("Vary", "Origin");
        }
        if (origin != null && allows(origin)) {
            h.set("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
            if (credentials) {
                h.set("Access-Control-Allow-Credentials", "true");
            }
            if (!exposed.isEmpty()) {
                h.set("Access-Control-Expose-Headers", exposed);
            }
        }
        return response.withHeaders(h.build());
    }

    private boolean allows(String origin) {
        return anyOrigin || origins.contains(origin);
    }

    /** A mutable builder of {@link Cors}. */
    public static final class Builder {
        private final Set<String> origins = new LinkedHashSet<>();
        private final Set<Method> methods = new LinkedHashSet<>(Arrays.asList(Method.GET, Method.HEAD, Method.POST));
        private final Set<String> headers = new LinkedHashSet<>();
        private final Set<String> exposed = new LinkedHashSet<>();
        private boolean credentials;
        private Duration maxAge = Duration.ofMinutes(10);

        private Builder() {
        }

        /**
         * Allows origins: exact ones such as {@code https://app.example.com}, or {@code *} for any.
         *
         * @param origins the origins
         * @return this builder
         */
        public Builder allowOrigins(String... origins) {
            for (String o : origins) {
                if (!o.equals("*") && !o.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
                    throw new IllegalArgumentException("an origin is scheme://host[:port], without a path: " + o);
                }
                this.origins.add(o);
            }
            return this;
        }

        /**
         * Sets the methods cross-origin requests may use.
         *
         * @param methods the methods
         * @return this builder
         */
        public Builder allowMethods(Method... methods) {
            this.methods.clear();
            this.methods.addAll(Arrays.asList(methods));
            return this;
        }

        /**
         * Allows request headers beyond the ones browsers always allow.
         *
         * @param headers the header names
         * @return this builder
         */
        public Builder allowHeaders(String... headers) {
            this.headers.addAll(Arrays.asList(headers));
            return this;
        }

        /**
         * Lets the page read response headers beyond the ones browsers always show.
         *
         * @param headers the header names
         * @return this builder
         */
        public Builder exposeHeaders(String... headers) {
            this.exposed.addAll(Arrays.asList(headers));
            return this;
        }

        /**
         * Lets cross-origin requests carry cookies and credentials.
         *
         * @param allow true to allow
         * @return this builder
         */
        public Builder allowCredentials(boolean allow) {
            this.credentials = allow;
            return this;
        }

        /**
         * Sets how long browsers may cache a preflight's answer.
         *
         * @param maxAge the time
         * @return this builder
         */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Returns the plugin.
         *
         * @return the plugin, to register
         * @throws IllegalArgumentException if credentials are allowed for any origin
         */
        public Cors build() {
            return new Cors(this);
        }
    }
}
