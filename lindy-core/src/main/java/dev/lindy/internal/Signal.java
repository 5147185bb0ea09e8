package dev.lindy.internal;

import dev.lindy.http.Method;
import dev.lindy.http.Response;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The stackless throwable behind {@code halt}, {@code redirect}, {@code pass}, {@code forward},
 * {@code sendError} and {@code sendFile}: it unwinds the handler or callback that called the keyword, and only the dispatcher
 * catches it. It is never logged as an error.
 *
 * <p>It is an {@link Error}, not an exception, so that a handler's {@code catch (Exception e)} around a
 * keyword does not swallow it; only {@code catch (Throwable t)} would, and then the keyword's answer (in a
 * callback, already sent) still stands.
 */
final class Signal extends Error {
    private static final long serialVersionUID = 1L;

    private final transient Response response;
    private final transient int passFrom;
    private final transient Throwable failure;
    private final transient Method forwardMethod;
    private final transient String forwardPath;
    private final transient Map<String, String> forwardParams;
    private final transient Callable<Response> work;
    private final transient boolean handled;

    private Signal(Response response, int passFrom, Throwable failure, Method method, String path,
            Map<String, String> params, Callable<Response> work, boolean handled) {
        super(null, null, false, false);
        this.response = response;
        this.passFrom = passFrom;
        this.failure = failure;
        this.forwardMethod = method;
        this.forwardPath = path;
        this.forwardParams = params;
        this.work = work;
        this.handled = handled;
    }

    static Signal halt(Response response, boolean handled) {
        return new Signal(response, -1, null, null, null, null, null, handled);
    }

    static Signal pass(int fromIndex, boolean handled) {
        return new Signal(null, fromIndex, null, null, null, null, null, handled);
    }

    static Signal failure(Throwable failure, boolean handled) {
        return new Signal(null, -1, failure, null, null, null, null, handled);
    }

    static Signal forward(Method method, String path, Map<String, String> params, boolean handled) {
        return new Signal(null, -1, null, method, path, params, null, handled);
    }

    /** The answer is work for a worker (reading a file): the handler ends, the worker answers. */
    static Signal work(Callable<Response> work, boolean handled) {
        return new Signal(null, -1, null, null, null, null, work, handled);
    }

    Callable<Response> work() {
        return work;
    }

    /** Returns the response a halt answers with, or null. */
    Response response() {
        return response;
    }

    /** Returns the index of the route that passed, or -1. */
    int passFrom() {
        return passFrom;
    }

    /** Returns the failure a {@code sendError} answers with, or null. */
    Throwable failure() {
        return failure;
    }

    /** Returns the path of a forward, or null. */
    String forwardPath() {
        return forwardPath;
    }

    Method forwardMethod() {
        return forwardMethod;
    }

    Map<String, String> forwardParams() {
        return forwardParams;
    }

    /** Tells whether the keyword already acted (it was called outside the handler's own run). */
    boolean handled() {
        return handled;
    }
}
