package dev.lindy;

/**
 * A {@code before} hook: runs before the route's handler, on the handler's thread, and may halt, redirect,
 * set variables or headers. Declaration order is running order.
 *
 * <pre>{@code
 * app.before("/admin/**", ctx -> {
 *     if (ctx.session().get("user") == null) {
 *         ctx.redirect("/login");
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Hook {
    /**
     * Runs the hook.
     *
     * @param ctx the request's context
     * @throws Exception any failure, which is handled as a handler's would be
     */
    void handle(Context ctx) throws Exception;
}
