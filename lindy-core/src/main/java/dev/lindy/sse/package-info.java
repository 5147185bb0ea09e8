/**
 * Server-sent events: {@link dev.lindy.sse.SseEmitter}, from {@code ctx.sse()}, streams
 * {@link dev.lindy.sse.SseEvent}s to a browser's {@code EventSource}.
 */
package dev.lindy.sse;
