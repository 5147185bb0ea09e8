package dev.lindy.csrf;

import dev.lindy.App;
import dev.lindy.Context;
import dev.lindy.ContextPlugin;
import dev.lindy.http.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Protection against cross-site request forgery for forms, as a plugin: every POST, PUT, PATCH and DELETE
 * must carry the session's token, in the header {@code X-CSRF-Token} or the field {@code _csrf} of a form
 * body ({@code application/x-www-form-urlencoded} or {@code multipart/form-data}), or it is refused with
 * 403. A token in the query string is not accepted: URLs end up in logs and in {@code Referer} headers.
 * Pages put the token in their forms through {@code ctx.with(Csrf.class)}.
 *
 * <pre>{@code
 * app.register(Csrf.create());
 * app.get("/post", ctx -> "<form method=post>" + ctx.with(Csrf.class).field() + "...</form>");
 * }</pre>
 *
 * <p>The token lives in the session, so it needs one; it is made on first use and compared in constant
 * time. Paths that take requests from elsewhere (webhooks) can be exempted, by whole path segments. The
 * check runs in a before hook, on the route's thread.
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
        this.exempt = new String[exempt.length];
        for (int i = 0; i < exempt.length; i++) {
            String prefix = exempt[i];
            if (prefix == null || !prefix.startsWith("/")) {
                throw new IllegalArgumentException("an exempted path starts with /: " + prefix);
            }
            int end = prefix.length();
            while (end > 0 && prefix.charAt(end - 1) == '/') {
                end--;
            }
            this.exempt[i] = prefix.substring(0, end);
        }
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
     * Returns the plugin, not checking some paths and the paths under them: {@code /hooks} exempts
     * {@code /hooks} and {@code /hooks/github}, not {@code /hooksadmin}. A trailing slash makes no difference.
     *
     * @param prefixes paths such as {@code /webhooks}
     * @return the plugin
     * @throws IllegalArgumentException if a path does not start with {@code /}
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
        if (isExempt(ctx.request().path())) {
            return;
        }
        String expected = ctx.session().get(SESSION_KEY);
        String given = ctx.request().header(HEADER);
        if (given == null && isForm(ctx.request().header("Content-Type"))) {
            given = ctx.params("body").get(FIELD);
        }
        if (expected == null || given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            ctx.sendError("The form's security token is missing or out of date; reload the page and try again.", 403);
        }
    }

    private boolean isExempt(String path) {
        for (String prefix : exempt) {
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data");
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
