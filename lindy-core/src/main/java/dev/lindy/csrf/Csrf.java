package dev.lindy.csrf;

import dev.lindy.App;
import dev.lindy.Context;
import dev.lindy.ContextPlugin;
import dev.lindy.http.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Protection against cross-site request forgery for forms, as a plugin: every POST, PUT, PATCH and DELETE
 * must carry the session's token, in the form field {@code _csrf} or the header {@code X-CSRF-Token}, or
 * it is refused with 403. Pages put the token in their forms through {@code ctx.with(Csrf.class)}.
 *
 * <pre>{@code
 * app.register(Csrf.create());
 * app.get("/post", ctx -> "<form method=post>" + ctx.with(Csrf.class).field() + "...</form>");
 * }</pre>
 *
 * <p>The token lives in the session, so it needs one; it is made on first use and compared in constant
 * time. Paths that take requests from elsewhere (webhooks) can be exempted. The check runs in a before
 * hook, on the route's thread.
 */
public final class Csrf implements ContextPlugin<Csrf.Token> {
    /** The session key that holds the token. */
    public static final String SESSION_KEY = "lindy.csrf";
    /** The form field that carries the token. */
    public static final String FIELD = "_csrf";
    /** The header that carries the token, for scripts. */
    public static final String HEADER = "X-CSRF-Token";

    private static final Set<Method> UNSAFE = Set.of(Method.POST, Method.PUT, Method.PATCH, Method.DELETE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String[] exempt;

    private Csrf(String[] exempt) {
        this.exempt = exempt.clone();
    }

    /**
     * Returns the plugin, checking every unsafe request.
     *
     * @return the plugin
     */
    public static Csrf create() {
        return new Csrf(new String[0]);
    }

    /**
     * Returns the plugin, not checking the paths under some prefixes.
     *
     * @param prefixes path prefixes such as {@code /webhooks/}
     * @return the plugin
     */
    public static Csrf exempting(String... prefixes) {
        return new Csrf(prefixes);
    }

    @Override
    public void register(App app) {
        app.before(this::check);
    }

    @Override
    public Token extension(Context ctx) {
        return new Token(ctx);
    }

    private void check(Context ctx) {
        if (!UNSAFE.contains(ctx.request().method())) {
            return;
        }
        String path = ctx.request().path();
        for (String prefix : exempt) {
            if (path.startsWith(prefix)) {
                return;
            }
        }
        String expected = ctx.session().get(SESSION_KEY);
        String given = ctx.request().header(HEADER);
        if (given == null) {
            given = ctx.param(FIELD);
        }
        if (expected == null || given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            ctx.sendError("The form's security token is missing or out of date; reload the page and try again.", 403);
        }
    }

    /** One request's view of the token. */
    public static final class Token {
        private final Context ctx;

        private Token(Context ctx) {
            this.ctx = ctx;
        }

        /**
         * Returns the session's token, making it on first use.
         *
         * @return 256 random bits, Base64url
         */
        public String token() {
            String t = ctx.session().get(SESSION_KEY);
            if (t == null) {
                byte[] bits = new byte[32];
                RANDOM.nextBytes(bits);
                t = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
                ctx.session().put(SESSION_KEY, t);
            }
            return t;
        }

        /**
         * Returns a hidden form field that carries the token.
         *
         * @return {@code <input type="hidden" name="_csrf" value="...">}
         */
        public String field() {
            return "<input type=\"hidden\" name=\"" + FIELD + "\" value=\"" + token() + "\">";
        }
    }
}
