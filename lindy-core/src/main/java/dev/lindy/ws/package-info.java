/**
 * WebSockets: {@code app.ws(path, ws -> ...)} declares a route that upgrades to a
 * {@link dev.lindy.ws.WebSocket}, handled through a {@link dev.lindy.ws.WebSocketSpec}.
 */
package dev.lindy.ws;
