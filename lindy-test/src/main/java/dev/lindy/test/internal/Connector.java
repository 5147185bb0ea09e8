package dev.lindy.test.internal;

/** Sends requests to a host: in process, or over a real socket. */
public interface Connector {
    /**
     * Starts a request.
     *
     * @param request the request as the client sends it
     * @return the call in flight
     */
    Call open(Outgoing request);
}
