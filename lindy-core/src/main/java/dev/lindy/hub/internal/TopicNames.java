package dev.lindy.hub.internal;

/** Topic names: 1 to 200 characters, none of them a control character. */
public final class TopicNames {
    /** The longest topic name, in characters. */
    public static final int MAX_LENGTH = 200;

    private TopicNames() {
    }

    /**
     * Checks a topic name.
     *
     * @param topic the name
     * @return the name
     * @throws IllegalArgumentException if it is no valid topic name
     */
    public static String check(String topic) {
        String problem = problem(topic);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return topic;
    }

    /**
     * Tells what is wrong with a topic name.
     *
     * @param topic the name, possibly null
     * @return the problem, or null for a valid name
     */
    public static String problem(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "a topic needs a name";
        }
        if (topic.length() > MAX_LENGTH) {
            return "a topic name is " + MAX_LENGTH + " characters at most";
        }
        for (int i = 0; i < topic.length(); i++) {
            if (Character.isISOControl(topic.charAt(i))) {
                return "a topic name holds no control characters";
            }
        }
        return null;
    }
}
