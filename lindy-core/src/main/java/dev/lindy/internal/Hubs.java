package dev.lindy.internal;

import dev.lindy.Settings;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.MemoryHubBackend;
import dev.lindy.hub.internal.DefaultHub;

/** Makes an app's hub from its settings. */
public final class Hubs {
    private Hubs() {
    }

    /**
     * Makes the hub the settings describe, not yet started.
     *
     * @param settings the app's settings
     * @return the hub
     */
    public static DefaultHub create(Settings settings) {
        HubBackend backend = settings.hubBackend() != null ? settings.hubBackend()
                : new MemoryHubBackend(settings.hubHistory(), settings.hubMaxTopics());
        Json json = new Json(settings.jsonMapper());
        return new DefaultHub(backend, json::mapper, settings.hubQueue(), settings.hubOverflow());
    }
}
