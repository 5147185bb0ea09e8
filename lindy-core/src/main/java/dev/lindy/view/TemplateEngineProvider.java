package dev.lindy.view;

import java.nio.file.Path;

/**
 * Makes an app's {@link TemplateEngine}; found with {@link java.util.ServiceLoader} when the app is made
 * ready to serve, which compiles every template before the first request.
 */
public interface TemplateEngineProvider {
    /**
     * Makes an engine over a views directory.
     *
     * @param views the directory of the templates; it may not exist (then every render fails clearly)
     * @param development true to compile templates again when their files change
     * @return the engine
     */
    TemplateEngine create(Path views, boolean development);
}
