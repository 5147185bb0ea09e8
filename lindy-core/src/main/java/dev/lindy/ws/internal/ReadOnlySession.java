package dev.lindy.ws.internal;

import dev.lindy.session.Session;
import java.util.Map;

/** The session of a WebSocket's upgrade request, to read: no response will carry changes to it. */
final class ReadOnlySession implements Session {
    private static final String REFUSED = "a WebSocket reads the session of its upgrade request; change the session"
            + " in an HTTP request";

    private final Session session;

    ReadOnlySession(Session session) {
        this.session = session;
    }

    @Override
    public String id() {
        return session.id();
    }

    @Override
    public <T> T get(String key) {
        return session.get(key);
    }

    @Override
    public Session put(String key, Object value) {
        throw new UnsupportedOperationException(REFUSED);
    }

    @Override
    public Session remove(String key) {
        throw new UnsupportedOperationException(REFUSED);
    }

    @Override
    public Session clear() {
        throw new UnsupportedOperationException(REFUSED);
    }

    @Override
    public Map<String, Object> values() {
        return session.values();
    }

    @Override
    public boolean isNew() {
        return session.isNew();
    }

    @Override
    public void invalidate() {
        throw new UnsupportedOperationException(REFUSED);
    }

    @Override
    public void regenerate() {
        throw new UnsupportedOperationException(REFUSED);
    }
}
