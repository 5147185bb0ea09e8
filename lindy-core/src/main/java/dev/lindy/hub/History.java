package dev.lindy.hub;

import java.util.List;

/**
 * What a topic's history holds after a given id: the messages a reconnecting client missed, and whether
 * that is all of them.
 *
 * @param messages the retained messages after the id asked for, oldest first
 * @param lastId the topic's newest id when the history was read; 0 if it has none
 * @param missed true when the asker missed more than {@code messages}: some messages after its id are no
 *     longer retained, or its id is not one this history grew from (from before a restart of an in-memory
 *     hub, say). A client that sees it should reload what it shows rather than trust the catch-up
 */
public record History(List<Message> messages, long lastId, boolean missed) {
    /**
     * Copies the messages.
     *
     * @param messages the retained messages after the id asked for, oldest first
     * @param lastId the topic's newest id, 0 if none
     * @param missed whether the asker missed more than the messages
     * @throws IllegalArgumentException if the last id is negative
     */
    public History {
        messages = List.copyOf(messages);
        if (lastId < 0) {
            throw new IllegalArgumentException("lastId must not be negative: " + lastId);
        }
    }
}
