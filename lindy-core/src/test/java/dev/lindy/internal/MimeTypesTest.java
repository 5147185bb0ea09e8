package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MimeTypesTest {
    @Test
    void shortNamesAndTextCharsets() {
        assertEquals("application/json", MimeTypes.resolve("json"));
        assertEquals("text/plain; charset=utf-8", MimeTypes.resolve("text"));
        assertEquals("text/csv; charset=utf-8", MimeTypes.resolve("text/csv"));
        assertEquals("text/plain; charset=latin1", MimeTypes.resolve("text/plain; charset=latin1"));
        assertEquals("application/x-foo", MimeTypes.resolve("application/x-foo"));
        assertThrows(IllegalArgumentException.class, () -> MimeTypes.resolve("nonsense"));
    }
}
