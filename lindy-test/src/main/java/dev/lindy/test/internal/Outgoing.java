package dev.lindy.test.internal;

import dev.lindy.http.Headers;

/**
 * A request as the test client sends it, before any host has checked it: the target may be malformed,
 * as a real client's can.
 *
 * @param method the method token
 * @param target the origin-form target, path and query, sent as is
 * @param headers the headers
 * @param body the body
 */
public record Outgoing(String method, String target, Headers headers, byte[] body) {
}
