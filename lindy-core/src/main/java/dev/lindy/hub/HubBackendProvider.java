package dev.lindy.hub;

import dev.lindy.Settings;

/**
 * Makes a {@link HubBackend} that an app chooses by name, with {@code lindy.hub.backend} in its
 * configuration; found with {@link java.util.ServiceLoader}. A module that brings a backend (such as
 * {@code lindy-redis}) registers one, so adding the module is all an app needs.
 *
 * <p>The backend is made when the configuration is read, and connects only when the app starts it
 * ({@link HubBackend#start}).
 */
public interface HubBackendProvider {
    /**
     * Returns the name that chooses this backend.
     *
     * @return a name such as {@code redis}
     */
    String name();

    /**
     * Makes the backend for an app, not yet started.
     *
     * @param settings the app's settings, with {@link Settings#hubHistory()}; the backend's own keys are in
     *     {@link Settings#config()}
     * @return the backend
     */
    HubBackend create(Settings settings);
}
