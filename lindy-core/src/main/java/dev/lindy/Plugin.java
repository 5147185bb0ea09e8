package dev.lindy;

/**
 * A bundle of routes, hooks and error handlers that an app takes in with {@link App#register(Plugin)}
 * (Dancer's plugins). A plugin that also offers something per request implements {@link ContextPlugin}.
 *
 * <pre>{@code
 * app.register(Cors.builder().allowOrigins("https://example.com").build());
 * }</pre>
 */
@FunctionalInterface
public interface Plugin {
    /**
     * Adds the plugin's routes, hooks and handlers to an app; called once, while the app is configured.
     *
     * @param app the app
     */
    void register(App app);
}
