package dev.lindy.view;

import dev.lindy.Context;
import java.util.Map;

/**
 * A {@code before_template} hook (Dancer's {@code before_template_render}): sees the tokens of every
 * template the app renders and may add or change them. It runs on the thread that renders.
 *
 * <pre>{@code
 * app.beforeTemplate((ctx, tokens) -> tokens.put("year", Year.now().getValue()));
 * }</pre>
 */
@FunctionalInterface
public interface TemplateHook {
    /**
     * Runs the hook.
     *
     * @param ctx the request's context
     * @param tokens the tokens, changeable: the model, and Lindy's own ({@code request}, {@code params},
     *     {@code vars}, {@code session}, {@code settings}, {@code uri_base})
     * @throws Exception any failure, which fails the render
     */
    void handle(Context ctx, Map<String, Object> tokens) throws Exception;
}
