package dev.lindy.internal;

import dev.lindy.Settings;
import dev.lindy.view.TemplateEngine;
import dev.lindy.view.TemplateEngineProvider;
import dev.lindy.view.TemplateException;
import dev.lindy.view.TemplateHook;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The app's templates: its engine, made when the app starts (so templates are compiled before the first
 * request, never on an event loop), the tokens every template sees, and layouts.
 */
final class Views implements AutoCloseable {
    private static final Set<String> TOKENS = Set.of("request", "params", "vars", "session", "settings", "uri_base", "content");

    private final TemplateEngine engine;
    // What templates see as settings: the app's own configuration, its environment and development flag;
    // never Lindy's internals (the secrets, the stores).
    private final Map<String, Object> settingsToken;

    Views(Settings settings) {
        Map<String, Object> token = new HashMap<>(settings.config().asMap());
        token.put("environment", settings.environment());
        token.put("development", settings.development());
        this.settingsToken = Map.copyOf(token);
        Iterator<TemplateEngineProvider> providers =
                ServiceLoader.load(TemplateEngineProvider.class, Views.class.getClassLoader()).iterator();
        this.engine = providers.hasNext() ? providers.next().create(settings.viewsDir(), settings.development()) : null;
    }

    boolean exists(String name) {
        return engine != null && engine.exists(name);
    }

    /**
     * Renders a template with Lindy's tokens around the model, through the before-template hooks, inside
     * a layout when one is named.
     */
    String render(DefaultContext ctx, String name, Map<String, ?> model, String layout, List<TemplateHook> hooks) {
        if (engine == null) {
            throw new IllegalStateException("templates need a template engine on the class path: add the artifact"
                    + " dev.lindy:lindy-pebble (the lindy starter has it)");
        }
        Map<String, Object> tokens = new HashMap<>();
        for (Map.Entry<String, ?> e : model.entrySet()) {
            if (TOKENS.contains(e.getKey())) {
                throw new IllegalArgumentException("the model's key '" + e.getKey() + "' is a token Lindy gives every"
                        + " template (" + TOKENS + "); name it otherwise");
            }
            tokens.put(e.getKey(), e.getValue());
        }
        tokens.put("request", ctx.request());
        tokens.put("params", ctx.params());
        tokens.put("vars", ctx.vars());
        tokens.put("session", ctx.session().values());
        tokens.put("settings", settingsToken);
        // A path, not a URL: links and forms stay on the host the page came from, whatever Host said.
        tokens.put("uri_base", ctx.basePath());
        for (TemplateHook hook : hooks) {
            try {
                hook.handle(ctx, tokens);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new TemplateException("a before-template hook failed on " + name + ": " + e, e);
            }
        }
        String content = engine.render(name, tokens);
        if (layout == null) {
            return content;
        }
        tokens.put("content", content);
        return engine.render("layouts/" + layout, tokens);
    }

    @Override
    public void close() throws Exception {
        if (engine instanceof AutoCloseable) {
            ((AutoCloseable) engine).close();
        }
    }
}
