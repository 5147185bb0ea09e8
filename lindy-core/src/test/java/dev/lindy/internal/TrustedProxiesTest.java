package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Settings;
import dev.lindy.config.ConfigException;
import dev.lindy.config.internal.SettingsFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trusted proxies: IP literals and CIDR blocks only, parsed when the settings are built, names never looked up. */
class TrustedProxiesTest {
    @TempDir
    Path dir;

    private static TrustedProxies proxies(String... entries) {
        return TrustedProxies.of(List.of(entries), TrustedProxies.X_FORWARDED);
    }

    private static InetSocketAddress peer(String ip) {
        return new InetSocketAddress(ip, 40000);
    }

    @Test
    void addressesAndBlocksOfBothFamiliesMatchTheirPeers() {
        TrustedProxies p = proxies("127.0.0.1", "10.0.0.0/8", "192.168.1.0/25", "fd00::/8", "::1");
        assertTrue(p.trusts(peer("127.0.0.1")));
        assertFalse(p.trusts(peer("127.0.0.2")));
        assertTrue(p.trusts(peer("10.255.3.4")));
        assertFalse(p.trusts(peer("11.0.0.1")));
        assertTrue(p.trusts(peer("192.168.1.127")));
        assertFalse(p.trusts(peer("192.168.1.128")));
        assertTrue(p.trusts(peer("fd12:3456::1")));
        assertFalse(p.trusts(peer("fe80::1")));
        assertTrue(p.trusts(peer("::1")));
        assertFalse(p.trusts(null));
        assertFalse(proxies().trusts(peer("127.0.0.1")));
        assertEquals(List.of("127.0.0.1", "10.0.0.0/8", "192.168.1.0/25", "fd00::/8", "::1"), p);
    }

    @Test
    void anythingButAnIpLiteralOrABlockIsRefusedWhenTheSettingsAreBuilt() {
        for (String bad : new String[] {"10.0.0.256", "cafe", "localhost", "proxy.internal", "10.0.0", "10.0.0.1.2",
                "010.0.0.1", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/+8", "::1/129", "1::2::3", ":1", "1:",
                "12345::", "g::1", "1:2:3:4:5:6:7:8:9", "1.2.3.4::", "::ffff:1.2.3", " 10.0.0.1", "", "\u0661.1.1.1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Settings.builder().trustedProxies(List.of(bad)), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.builder().trustedProxies(List.of("cafe")));
        assertEquals("a trusted proxy is an IP address or a CIDR block such as 10.0.0.0/8 or fd00::/8, never a host"
                + " name: cafe", e.getMessage());
    }

    @Test
    void aPeerKnownOnlyByNameIsNeverLookedUpNorTrusted() {
        TrustedProxies p = proxies("0.0.0.0/0");
        assertFalse(p.trusts(InetSocketAddress.createUnresolved("localhost", 80)));
        assertTrue(p.trusts(InetSocketAddress.createUnresolved("10.1.2.3", 80)));
    }

    @Test
    void ipv4MappedAddressesCountAsTheIpv4AddressTheyHold() {
        TrustedProxies p = proxies("::ffff:10.0.0.0/104", "::ffff:192.0.2.7");
        assertTrue(p.trusts(peer("10.9.8.7")));
        assertTrue(p.trusts(peer("192.0.2.7")));
        assertFalse(p.trusts(peer("11.0.0.1")));
        assertTrue(proxies("10.0.0.0/8").trusts(InetSocketAddress.createUnresolved("::ffff:10.0.0.1", 80)));
        for (String wide : new String[] {"::ffff:0:0/0", "::ffff:0:0/95", "::ffff:10.0.0.0/8"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Settings.builder().trustedProxies(List.of(wide)), wide);
            assertTrue(e.getMessage().contains("IPv4-mapped"), e.getMessage());
        }
        assertFalse(proxies("::/0").trusts(peer("10.0.0.1")), "an IPv6 block holds no IPv4 peer");
        assertTrue(proxies("::/0").trusts(peer("2001:db8::1")));
    }

    @Test
    void literalsParseBothFamiliesStrictly() {
        assertArrayEquals(new byte[] {10, 0, 0, 1}, TrustedProxies.literal("10.0.0.1"));
        assertArrayEquals(new byte[] {10, 0, 0, 1}, TrustedProxies.literal("[::ffff:10.0.0.1]"));
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        assertArrayEquals(loopback, TrustedProxies.literal("::1"));
        assertArrayEquals(loopback, TrustedProxies.literal("0:0:0:0:0:0:0:1"));
        assertArrayEquals(loopback, TrustedProxies.literal("::1%lo"));
        assertArrayEquals(new byte[16], TrustedProxies.literal("::"));
        byte[] embedded = TrustedProxies.literal("64:ff9b::192.0.2.33");
        assertEquals(0x00, embedded[0]);
        assertEquals(0x64, embedded[1]);
        assertEquals((byte) 33, embedded[15]);
        assertEquals(16, TrustedProxies.literal("1:2:3:4:5:6:7:8").length);
        assertEquals(16, TrustedProxies.literal("1:2:3:4:5:6:1.2.3.4").length);
        assertNull(TrustedProxies.literal("1:2:3:4:5:6:7:1.2.3.4"));
        assertNull(TrustedProxies.literal("1:2:3:4:5:6:7::8"));
        assertNull(TrustedProxies.literal("::1.2.3.4:5"));
        assertNull(TrustedProxies.literal(":::"));
        assertNull(TrustedProxies.literal("example.com"));
    }

    @Test
    void theHeaderFamilyIsXForwardedUnlessSetAndNothingElse() {
        assertEquals("x-forwarded", Settings.defaults().forwardedHeaders());
        Settings s = Settings.builder().trustedProxies(List.of("10.0.0.0/8")).forwardedHeaders("Forwarded").build();
        assertEquals("forwarded", s.forwardedHeaders());
        assertEquals("forwarded", s.newBuilder().build().forwardedHeaders());
        assertEquals(List.of("10.0.0.0/8"), s.newBuilder().build().trustedProxies());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.builder().forwardedHeaders("x-forwarded-for"));
        assertTrue(e.getMessage().contains("x-forwarded-for"), e.getMessage());
    }

    @Test
    void bothSettingsComeFromTheFilesAndABadEntryStopsTheApp() throws IOException {
        Files.writeString(dir.resolve("config.yml"), "lindy:\n  trustedProxies: [10.0.0.0/8, '::1']\n"
                + "  forwardedHeaders: forwarded\n");
        Settings s = SettingsFiles.load(Settings.builder(), dir, "development", Map.<String, String>of()::get);
        assertEquals(List.of("10.0.0.0/8", "::1"), s.trustedProxies());
        assertEquals("forwarded", s.forwardedHeaders());
        Files.writeString(dir.resolve("config.yml"), "lindy:\n  trustedProxies: [proxy.internal]\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> SettingsFiles.load(Settings.builder(), dir, "development", Map.<String, String>of()::get));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("never a host name"), e.getMessage());
    }
}
