/**
 * The hub: publish/subscribe for long polls, server-sent events and WebSockets. {@link dev.lindy.hub.Hub}
 * publishes; a request subscribes through its context, and its subscription ends with it;
 * {@link dev.lindy.hub.HubBackend} is the seam for carrying messages between nodes, with
 * {@link dev.lindy.hub.MemoryHubBackend} the in-process default.
 */
package dev.lindy.hub;
