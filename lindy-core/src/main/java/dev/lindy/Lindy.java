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
     * Returns a new app configured by the files in the working directory, if any: the defaults, then
     * {@code config.yml}, then {@code environments/<env>.yml} for the environment {@code LINDY_ENV} names
     * (else {@code development}).
     *
     * @return the app
     * @throws dev.lindy.config.ConfigException if a file is malformed or holds a bad value
     */
    public static App app() {
        return new App(Settings.load());
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
