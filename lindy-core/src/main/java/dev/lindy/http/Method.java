package dev.lindy.http;

import java.util.Objects;

/**
 * An HTTP request method: one of the standard constants, or any other token a client sent.
 *
 * <p>Methods compare by name, case-sensitively as HTTP says, so {@code Method.of("GET") == Method.GET} holds
 * for the standard ones and {@code equals} holds for all; {@code Method.of("get")} is another method.
 */
public final class Method {
    /** The GET method. */
    public static final Method GET = new Method("GET");
    /** The HEAD method; routes declared with {@code get} answer it too. */
    public static final Method HEAD = new Method("HEAD");
    /** The POST method. */
    public static final Method POST = new Method("POST");
    /** The PUT method. */
    public static final Method PUT = new Method("PUT");
    /** The PATCH method. */
    public static final Method PATCH = new Method("PATCH");
    /** The DELETE method. */
    public static final Method DELETE = new Method("DELETE");
    /** The OPTIONS method. */
    public static final Method OPTIONS = new Method("OPTIONS");

    private static final Method[] STANDARD = {GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS};

    private final String name;

    private Method(String name) {
        this.name = name;
    }

    /**
     * Returns the method with this name, the shared constant for a standard one.
     *
     * @param name the method token as sent on the wire; case matters, so {@code get} is not {@code GET}
     * @return the method
     * @throws IllegalArgumentException if the name is empty or not an HTTP token
     */
    public static Method of(String name) {
        Objects.requireNonNull(name, "name");
        for (Method m : STANDARD) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        if (name.isEmpty() || !name.chars().allMatch(Method::isTokenChar)) {
            throw new IllegalArgumentException("not an HTTP method token: " + name);
        }
        return new Method(name);
    }

    /**
     * Returns the standard methods, in the order {@code any} registers them.
     *
     * @return a new array of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS
     */
    public static Method[] standard() {
        return STANDARD.clone();
    }

    /**
     * Tells whether this is one of the standard methods Lindy routes: GET, HEAD, POST, PUT, PATCH, DELETE,
     * OPTIONS.
     *
     * @return true for those seven, in upper case
     */
    public boolean isStandard() {
        for (Method m : STANDARD) {
            if (m.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the method's name as sent on the wire.
     *
     * @return the name, for example {@code "GET"}
     */
    public String name() {
        return name;
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Method && ((Method) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
