package dev.lindy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.internal.Cookies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CookieTest {
    @Test
    void setCookieCarriesEveryAttribute() {
        Cookie c = Cookie.builder("id", "abc").path("/app").domain("example.com").maxAge(Duration.ofHours(1))
                .expires(Instant.parse("2026-12-01T00:00:00Z")).secure(true).sameSite(Cookie.SameSite.STRICT).build();
        assertEquals("id=abc; Path=/app; Domain=example.com; Max-Age=3600; Expires=Tue, 1 Dec 2026 00:00:00 GMT; Secure;"
                + " HttpOnly; SameSite=Strict", c.toSetCookie());
        assertEquals("gone=; Path=/; Max-Age=0; Expires=Thu, 1 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax",
                Cookie.removal("gone").toSetCookie());
    }

    @Test
    void anythingThatCouldBreakTheHeaderIsRefusedNamingTheCookie() {
        for (String bad : new String[] {"a\r\nb", "a;b", "a b", "a,b", "\"q\"", "a\\b", "caf\u00e9", "a\u0000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cookie.of("pref", bad));
            assertTrue(e.getMessage().contains("'pref'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Cookie.of("bad name", "v"));
        assertThrows(IllegalArgumentException.class, () -> Cookie.builder("a", "b").path("/x;evil"));
        assertThrows(IllegalArgumentException.class, () -> Cookie.builder("a", "b").domain("x\r\n"));
    }

    @Test
    void requestCookiesAreParsedTolerantly() {
        Map<String, String> c = Cookies.parse(List.of("a=1; b=\"two\"; junk; =x; c=3; a=dup; bad name=1", "d=4"));
        assertEquals(Map.of("a", "1", "b", "two", "c", "3", "d", "4"), c);
        assertEquals(Map.of(), Cookies.parse(List.of(";;; ; =")));
        assertEquals(Map.of("e", ""), Cookies.parse(List.of("e=")));
    }
}
