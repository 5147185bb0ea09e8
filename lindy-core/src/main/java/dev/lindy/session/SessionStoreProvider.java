package dev.lindy.session;

import dev.lindy.Settings;

/**
 * Makes a {@link SessionStore} that an app chooses by name, with {@code lindy.session.store} in its
 * configuration or {@link Settings.Builder#sessionStoreName}; found with {@link java.util.ServiceLoader}. A
 * module that brings a store (such as {@code lindy-redis}) registers one, so adding the module is all an app
 * needs.
 *
 * <p>Lindy makes the store when the app starts, on the thread that starts it, and closes it when the app
 * stops if it is {@link AutoCloseable}. A store that cannot work (its server is unreachable) throws from
 * {@link #create}, and the app does not start.
 */
public interface SessionStoreProvider {
    /**
     * Returns the name that chooses this store.
     *
     * @return a name such as {@code redis}
     */
    String name();

    /**
     * Makes the store for an app.
     *
     * @param settings the app's settings; the store's own keys are in {@link Settings#config()}
     * @return the store
     * @throws RuntimeException with a message saying what is wrong, when the store cannot work
     */
    SessionStore create(Settings settings);
}
