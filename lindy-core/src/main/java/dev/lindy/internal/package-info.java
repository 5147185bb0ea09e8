/**
 * Lindy's internals: the router, the dispatcher and its phases, the request lifecycle, and helpers that
 * Lindy's own hosts share. Not an API: classes here are public only so that Lindy's other modules can
 * reach them, and any of them may change or go in any release. Apps use {@code dev.lindy} and
 * {@code dev.lindy.http}; hosts implement {@code dev.lindy.spi}.
 */
package dev.lindy.internal;
