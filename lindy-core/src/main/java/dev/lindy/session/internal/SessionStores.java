package dev.lindy.session.internal;

import dev.lindy.Settings;
import dev.lindy.session.MemorySessionStore;
import dev.lindy.session.SessionStore;
import dev.lindy.session.SessionStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The session store of an app that starts: the one its settings hold, else the one they name, made now: a
 * memory store, or one a {@link SessionStoreProvider} on the class path makes.
 */
public final class SessionStores {
    /** The name of the store each app has unless it chooses another. */
    public static final String MEMORY = "memory";

    private SessionStores() {
    }

    /**
     * Tells whether a store of a name can be made.
     *
     * @param name the name
     * @return true for {@code memory} and for the names of the providers on the class path
     */
    public static boolean isKnown(String name) {
        return name.equals(MEMORY) || provider(name) != null;
    }

    /**
     * Returns the names of the stores that can be made by name.
     *
     * @return {@code memory}, then the providers' names
     */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(MEMORY);
        for (SessionStoreProvider p : ServiceLoader.load(SessionStoreProvider.class, SessionStores.class.getClassLoader())) {
            names.add(p.name());
        }
        return names;
    }

    /**
     * Makes the store the settings name; the caller owns it.
     *
     * @param settings the app's settings
     * @return the store
     * @throws IllegalStateException if no store has that name
     */
    public static SessionStore make(Settings settings) {
        String name = settings.sessionStoreName();
        if (name.equals(MEMORY)) {
            return new MemorySessionStore(settings.maxSessions());
        }
        SessionStoreProvider provider = provider(name);
        if (provider == null) {
            throw new IllegalStateException("no session store named '" + name + "' on the class path; known: " + names()
                    + " (add the module that brings it, such as dev.lindy:lindy-redis for redis)");
        }
        return provider.create(settings);
    }

    private static SessionStoreProvider provider(String name) {
        for (SessionStoreProvider p : ServiceLoader.load(SessionStoreProvider.class, SessionStores.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
