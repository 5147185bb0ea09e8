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
     * @throws IllegalArgumentException if {@code LINDY_ENV} is not an environment's name, or the working
     *     directory is the file system root
     * @throws IllegalStateException if the environment is neither {@code development} nor {@code test} and
     *     the files set no {@code lindy.secrets}
     */
    public static App app() {
        return new App(Settings.load());
    }

    /**
     * Returns a new app with the given settings.
     *
     * @param settings the settings
     * @return the app
     * @throws IllegalStateException if the environment is neither {@code development} nor {@code test} and
     *     the settings hold no {@link Settings#secrets}
     */
    public static App app(Settings settings) {
        return new App(settings);
    }
}
