package dev.lindy.test.internal;

import dev.lindy.http.Request;

/** Sends requests to a host: in process, or over a real socket. */
public interface Connector {
    /**
     * Starts a request.
     *
     * @param request the request; its target is origin-form
     * @return the call in flight
     */
    Call open(Request request);
}
