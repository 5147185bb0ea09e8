package dev.lindy.netty.internal;

/**
 * A request refused before it reached the app (malformed, too large, too slow): answered in order, then
 * the connection is closed.
 *
 * @param status the 4xx status
 * @param reason a short explanation for the client
 */
record Rejection(int status, String reason) {
}
