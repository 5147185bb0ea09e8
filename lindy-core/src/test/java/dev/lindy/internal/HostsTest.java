package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostsTest {
    @Test
    void oneHostWithAnOptionalPortIsValid() {
        for (String ok : new String[] {"example.com", "example.com:8080", "127.0.0.1:3000", "[::1]", "[::1]:80",
                "my_host.local", "h:65535"}) {
            assertTrue(Hosts.isValid(ok), ok);
        }
    }

    @Test
    void anythingElseIsNot() {
        for (String bad : new String[] {"", ":80", "a b", "a.com, b.com", "user@evil.com", "h:65536", "h:", "h:8o",
                "[zz]", "[::1", "h/p", "h?x", "é.com", "h:123456"}) {
            assertFalse(Hosts.isValid(bad), bad);
        }
    }
}
