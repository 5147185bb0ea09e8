package dev.lindy.redis.internal;

import java.util.regex.Pattern;

/** Redis URIs as messages and logs show them: without the password they may carry. */
public final class Redacted {
    // Up to the last @ of the URI: a password may hold @ and / itself.
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://).*@");

    private Redacted() {
    }

    /**
     * Returns a URI with its user information hidden.
     *
     * @param uri a Redis URI
     * @return the URI, {@code ***@} in place of any user and password
     */
    public static String uri(String uri) {
        return USER_INFO.matcher(uri).replaceFirst("$1***@");
    }
}
