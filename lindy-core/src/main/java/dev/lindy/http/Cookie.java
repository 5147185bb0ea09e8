package dev.lindy.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * An immutable cookie to set on a response: name, value and attributes (RFC 6265).
 *
 * <p>Defaults are the safe ones: {@code Path=/}, {@code HttpOnly}, {@code SameSite=Lax}, no expiry (a
 * session cookie), not {@code Secure} (set it for https, or let the session cookie follow the request's
 * scheme). Names must be HTTP tokens and values cookie-octets, so that nothing a value holds can end the
 * header or start another attribute: a CR, LF, {@code ;}, {@code ,}, space, quote, backslash or non-ASCII
 * character is refused with an {@link IllegalArgumentException} naming the cookie. Encode such values
 * first (URL or Base64 encoding).
 *
 * <pre>{@code
 * ctx.cookie(Cookie.builder("theme", "dark").maxAge(Duration.ofDays(365)).build());
 * }</pre>
 */
public final class Cookie {
    /** The {@code SameSite} attribute: whether browsers send the cookie with cross-site requests. */
    public enum SameSite {
        /** Only with same-site requests. */
        STRICT("Strict"),
        /** With same-site requests and top-level cross-site navigations (links), the browser default. */
        LAX("Lax"),
        /** With every request; browsers require {@code Secure} with it. */
        NONE("None");

        private final String text;

        SameSite(String text) {
            this.text = text;
        }

        /**
         * Returns the attribute's value as written in the header.
         *
         * @return {@code Strict}, {@code Lax} or {@code None}
         */
        public String text() {
            return text;
        }
    }

    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String name;
    private final String value;
    private final String path;
    private final String domain;
    private final Duration maxAge;
    private final Instant expires;
    private final boolean secure;
    private final boolean httpOnly;
    private final SameSite sameSite;

    private Cookie(Builder b) {
        this.name = b.name;
        this.value = b.value;
        this.path = b.path;
        this.domain = b.domain;
        this.maxAge = b.maxAge;
        this.expires = b.expires;
        this.secure = b.secure;
        this.httpOnly = b.httpOnly;
        this.sameSite = b.sameSite;
    }

    /**
     * Returns a cookie with the default attributes.
     *
     * @param name a token
     * @param value cookie-octets only
     * @return the cookie
     * @throws IllegalArgumentException if the name or value could break the header
     */
    public static Cookie of(String name, String value) {
        return builder(name, value).build();
    }

    /**
     * Returns a builder with the default attributes.
     *
     * @param name a token
     * @param value cookie-octets only
     * @return the builder
     * @throws IllegalArgumentException if the name or value could break the header
     */
    public static Builder builder(String name, String value) {
        return new Builder(name, value);
    }

    /**
     * Returns a cookie that tells the browser to forget one: empty, expired, same path and domain.
     *
     * @param name the cookie's name
     * @return the removal
     */
    public static Cookie removal(String name) {
        return builder(name, "").maxAge(Duration.ZERO).expires(Instant.EPOCH).build();
    }

    /**
     * Returns a builder holding this cookie, to make an edited copy.
     *
     * @return the builder
     */
    public Builder newBuilder() {
        Builder b = new Builder(name, value);
        b.path = path;
        b.domain = domain;
        b.maxAge = maxAge;
        b.expires = expires;
        b.secure = secure;
        b.httpOnly = httpOnly;
        b.sameSite = sameSite;
        return b;
    }

    /**
     * Returns the name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the value.
     *
     * @return the value, possibly empty
     */
    public String value() {
        return value;
    }

    /**
     * Returns the path the browser sends the cookie for.
     *
     * @return the path, default {@code /}; null to leave it out
     */
    public String path() {
        return path;
    }

    /**
     * Returns the domain.
     *
     * @return the domain, or null for the host that set it only
     */
    public String domain() {
        return domain;
    }

    /**
     * Returns how long the cookie lives.
     *
     * @return the lifetime, or null for a session cookie
     */
    public Duration maxAge() {
        return maxAge;
    }

    /**
     * Returns when the cookie expires, for old clients that ignore {@code Max-Age}.
     *
     * @return the instant, or null
     */
    public Instant expires() {
        return expires;
    }

    /**
     * Tells whether the cookie is only sent over https.
     *
     * @return true if {@code Secure}
     */
    public boolean isSecure() {
        return secure;
    }

    /**
     * Tells whether scripts in the page cannot read the cookie.
     *
     * @return true if {@code HttpOnly}, the default
     */
    public boolean isHttpOnly() {
        return httpOnly;
    }

    /**
     * Returns the {@code SameSite} attribute.
     *
     * @return the attribute, default {@link SameSite#LAX}; null to leave it out
     */
    public SameSite sameSite() {
        return sameSite;
    }

    /**
     * Returns the value of a {@code Set-Cookie} header for this cookie.
     *
     * @return for example {@code theme=dark; Path=/; Max-Age=60; HttpOnly; SameSite=Lax}
     */
    public String toSetCookie() {
        StringBuilder out = new StringBuilder(64).append(name).append('=').append(value);
        if (path != null) {
            out.append("; Path=").append(path);
        }
        if (domain != null) {
            out.append("; Domain=").append(domain);
        }
        if (maxAge != null) {
            out.append("; Max-Age=").append(Math.max(0, maxAge.getSeconds()));
        }
        if (expires != null) {
            out.append("; Expires=").append(EXPIRES.format(expires));
        }
        if (secure) {
            out.append("; Secure");
        }
        if (httpOnly) {
            out.append("; HttpOnly");
        }
        if (sameSite != null) {
            out.append("; SameSite=").append(sameSite.text());
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cookie && ((Cookie) o).toSetCookie().equals(toSetCookie());
    }

    @Override
    public int hashCode() {
        return toSetCookie().hashCode();
    }

    @Override
    public String toString() {
        return toSetCookie();
    }

    /**
     * A mutable builder of {@link Cookie}; not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private String value;
        private String path = "/";
        private String domain;
        private Duration maxAge;
        private Instant expires;
        private boolean secure;
        private boolean httpOnly = true;
        private SameSite sameSite = SameSite.LAX;

        private Builder(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || !name.chars().allMatch(Cookie::isTokenChar)) {
                throw new IllegalArgumentException("cookie name " + quote(name) + " is not an HTTP token");
            }
            this.name = name;
            value(value);
        }

        /**
         * Sets the value.
         *
         * @param value cookie-octets only
         * @return this builder
         * @throws IllegalArgumentException if the value could break the header
         */
        public Builder value(String value) {
            Objects.requireNonNull(value, "value");
            for (int i = 0; i < value.length(); i++) {
                if (!isCookieOctet(value.charAt(i))) {
                    throw new IllegalArgumentException("the value of cookie " + quote(name)
                            + " holds a character a cookie may not hold (position " + i
                            + "); encode the value, for example with URLEncoder or Base64");
                }
            }
            this.value = value;
            return this;
        }

        /**
         * Sets the path.
         *
         * @param path a path starting with {@code /}, or null to leave it out
         * @return this builder
         */
        public Builder path(String path) {
            this.path = attribute("path", path);
            return this;
        }

        /**
         * Sets the domain.
         *
         * @param domain the domain, or null for the setting host only
         * @return this builder
         */
        public Builder domain(String domain) {
            this.domain = attribute("domain", domain);
            return this;
        }

        /**
         * Sets how long the cookie lives.
         *
         * @param maxAge the lifetime; zero or negative removes the cookie; null for a session cookie
         * @return this builder
         */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Sets the expiry instant, for clients that ignore {@code Max-Age}.
         *
         * @param expires the instant, or null
         * @return this builder
         */
        public Builder expires(Instant expires) {
            this.expires = expires;
            return this;
        }

        /**
         * Sets whether the cookie is sent over https only.
         *
         * @param secure true for {@code Secure}
         * @return this builder
         */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /**
         * Sets whether page scripts cannot read the cookie.
         *
         * @param httpOnly true for {@code HttpOnly}
         * @return this builder
         */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /**
         * Sets the {@code SameSite} attribute.
         *
         * @param sameSite the attribute, or null to leave it out
         * @return this builder
         */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = sameSite;
            return this;
        }

        /**
         * Returns the cookie.
         *
         * @return the immutable cookie
         */
        public Cookie build() {
            return new Cookie(this);
        }

        private String attribute(String what, String text) {
            if (text != null) {
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c < 0x21 || c > 0x7e || c == ';') {
                        throw new IllegalArgumentException("the " + what + " of cookie " + quote(name)
                                + " holds a character an attribute may not hold");
                    }
                }
            }
            return text;
        }
    }

    private static String quote(String s) {
        return "'" + s.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    // RFC 6265 section 4.1.1: no controls, space, DQUOTE, comma, semicolon, backslash or non-ASCII.
    static boolean isCookieOctet(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b)
                || (c >= 0x5d && c <= 0x7e);
    }
}
