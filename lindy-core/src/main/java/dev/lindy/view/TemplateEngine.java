package dev.lindy.view;

import java.util.Map;

/**
 * Renders templates: the seam for a template library. {@code lindy-pebble} implements it with Pebble and
 * registers a {@link TemplateEngineProvider} for {@link java.util.ServiceLoader}, so an app with that
 * module on its class path renders {@code views/*.peb} without setting anything.
 *
 * <p>An engine is thread-safe, and renders without reading files: templates are compiled ahead (and, in
 * development mode, compiled again off the event loop when they change), so rendering from an async
 * callback on the event loop never waits on the disk.
 */
public interface TemplateEngine {
    /**
     * Renders a template.
     *
     * @param name the template's name under the views directory, without extension: {@code index},
     *     {@code layouts/main}
     * @param model the values the template sees
     * @return the text
     * @throws TemplateException if the template is missing or fails; its message names the file and line
     */
    String render(String name, Map<String, Object> model);

    /**
     * Tells whether a template exists.
     *
     * @param name the template's name, without extension
     * @return true if it can be rendered
     */
    boolean exists(String name);
}
