package dev.lindy.hub.internal;

import dev.lindy.hub.Message;
import dev.lindy.internal.JsonStrings;
import java.util.List;

/**
 * The JSON the hub writes around messages for clients, built as text: the messages' data is JSON already
 * (the mapper wrote it), so it goes in as it is, and only topic names need escaping.
 */
public final class Envelopes {
    private Envelopes() {
    }

    /**
     * Returns a long poll's answer: {@code {"last":7,"missed":false,"messages":[{"id":7,"data":...}]}}.
     *
     * @param last the id to ask {@code since} next time
     * @param missed whether the client missed more than these messages
     * @param messages the messages
     * @return the JSON text
     */
    public static String poll(long last, boolean missed, List<Message> messages) {
        StringBuilder out = new StringBuilder(48 + messages.size() * 32);
        out.append("{\"last\":").append(last).append(",\"missed\":").append(missed).append(",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            out.append(i == 0 ? "" : ",").append("{\"id\":").append(m.id()).append(",\"data\":").append(m.data()).append('}');
        }
        return out.append("]}").toString();
    }

    /**
     * Returns one message for a WebSocket: {@code {"topic":"chat","id":7,"data":...}}.
     *
     * @param m the message
     * @return the JSON text
     */
    public static String message(Message m) {
        StringBuilder out = new StringBuilder(32 + m.topic().length() + m.data().length());
        out.append("{\"topic\":");
        JsonStrings.quote(out, m.topic());
        return out.append(",\"id\":").append(m.id()).append(",\"data\":").append(m.data()).append('}').toString();
    }

    /**
     * Returns a signal for a WebSocket: {@code {"topic":"chat","dropped":3}} or
     * {@code {"topic":"chat","missed":true,"last":7}}.
     *
     * @param topic the topic
     * @param field {@code dropped} or {@code missed}
     * @param value the count, or the newest id for {@code missed}
     * @return the JSON text
     */
    public static String signal(String topic, String field, long value) {
        StringBuilder out = new StringBuilder(48 + topic.length());
        out.append("{\"topic\":");
        JsonStrings.quote(out, topic);
        if (field.equals("missed")) {
            return out.append(",\"missed\":true,\"last\":").append(value).append('}').toString();
        }
        return out.append(",\"").append(field).append("\":").append(value).append('}').toString();
    }

}
