package dev.lindy;

/**
 * A plugin that offers each request an extension of its own, reached with
 * {@code ctx.with(MyPlugin.class)} (Javalin's {@code ctx.with} is the model). The extension is made on
 * first use and kept for the rest of the request.
 *
 * <pre>{@code
 * String token = ctx.with(Csrf.class).token();
 * }</pre>
 *
 * @param <T> the extension's type
 */
public interface ContextPlugin<T> extends Plugin {
    /**
     * Makes the extension for one request.
     *
     * @param ctx the request's context
     * @return the extension
     */
    T extension(Context ctx);
}
