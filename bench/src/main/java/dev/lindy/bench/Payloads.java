package dev.lindy.bench;

/** The bodies every bench server sends, so all of them do the same work. */
final class Payloads {
    static final String HELLO = "Hello, World!";

    private Payloads() {
    }

    /** A small object as JSON, built by hand until Lindy has a serializer. */
    static String json() {
        return "{\"message\":\"" + HELLO + "\",\"id\":42,\"tags\":[\"a\",\"b\"]}";
    }
}
