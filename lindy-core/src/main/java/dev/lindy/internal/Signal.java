package dev.lindy.internal;

import dev.lindy.http.Response;

/**
 * The stackless throwable behind {@code halt}, {@code redirect} and {@code pass}: it unwinds the handler or
 * callback that called the keyword, and only the dispatcher catches it. It is never logged as an error.
 *
 * <p>It is an {@link Error}, not an exception, so that a handler's {@code catch (Exception e)} around a
 * keyword does not swallow it; only {@code catch (Throwable t)} would, and then the keyword's answer (in a
 * callback, already sent) still stands.
 */
final class Signal extends Error {
    private final transient Response response;
    private final transient int passFrom;
    private final transient boolean handled;

    private Signal(Response response, int passFrom, boolean handled) {
        super(null, null, false, false);
        this.response = response;
        this.passFrom = passFrom;
        this.handled = handled;
    }

    static Signal halt(Response response, boolean handled) {
        return new Signal(response, -1, handled);
    }

    static Signal pass(int fromIndex, boolean handled) {
        return new Signal(null, fromIndex, handled);
    }

    /**
     * Returns the response a halt answers with, or null for a pass.
     *
     * @return the response
     */
    Response response() {
        return response;
    }

    /**
     * Returns the index of the route that passed.
     *
     * @return the index, or -1 for a halt
     */
    int passFrom() {
        return passFrom;
    }

    /**
     * Tells whether the keyword already acted (it was called outside the handler's own run).
     *
     * @return true if so
     */
    boolean handled() {
        return handled;
    }
}
