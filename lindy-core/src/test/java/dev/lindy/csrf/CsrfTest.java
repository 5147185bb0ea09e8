package dev.lindy.csrf;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Csrf's configuration; its requests are checked in the plugin behaviour suite. */
class CsrfTest {
    @Test
    void anExemptedPathMustStartWithASlash() {
        assertThrows(IllegalArgumentException.class, () -> Csrf.exempting("hooks"));
        assertThrows(IllegalArgumentException.class, () -> Csrf.exempting("/api", ""));
        Csrf.exempting("/", "/hooks/", "/api");
    }
}
