package dev.lindy.netty.internal;

import io.netty.handler.codec.http.HttpRequest;

/**
 * A request refused before it reached the app (malformed, too large, too slow): answered in order, then
 * the connection is closed.
 *
 * @param status the 4xx status
 * @param reason a short explanation for the client
 * @param request the request line as read, for the access log; null when there was none to trust
 */
record Rejection(int status, String reason, String request) {
    Rejection(int status, String reason) {
        this(status, reason, null);
    }

    /** The same refusal, of a request whose line is known. */
    Rejection of(HttpRequest head) {
        return head == null || request != null ? this
                : new Rejection(status, reason, head.method() + " " + head.uri() + " " + head.protocolVersion());
    }
}
