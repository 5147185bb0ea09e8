package dev.lindy;

/**
 * Lindy's front door: makes apps.
 *
 * <pre>{@code
 * App app = Lindy.app();
 * app.get("/", ctx -> "Hello!");
 * app.start(3000);
 * }</pre>
 */
public final class Lindy {
    private Lindy() {
    }

    /**
     * Returns a new app with the default settings.
     *
     * @return the app
     */
    public static App app() {
        return new App(Settings.defaults());
    }

    /**
     * Returns a new app with the given settings.
     *
     * @param settings the settings
     * @return the app
     */
    public static App app(Settings settings) {
        return new App(settings);
    }
}
