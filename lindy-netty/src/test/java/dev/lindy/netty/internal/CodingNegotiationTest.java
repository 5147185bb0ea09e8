package dev.lindy.netty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Choosing a response's coding from an Accept-Encoding (RFC 9110 12.5.3): by weight, the server's order
 * breaking ties, with or without the brotli and zstd libraries.
 */
class CodingNegotiationTest {
    private static final List<String> JDK_ONLY = List.of("gzip", "deflate");
    private static final List<String> ALL = List.of("br", "zstd", "gzip", "deflate");

    @Test
    void withoutTheLibrariesBrotliAndZstdAreNeverChosen() {
        assertEquals("gzip", Compression.negotiate("br, zstd, gzip;q=0.5, deflate;q=0.4", JDK_ONLY));
        assertNull(Compression.negotiate("br, zstd", JDK_ONLY));
        assertEquals("gzip", Compression.negotiate("*", JDK_ONLY));
    }

    @Test
    void theHighestWeightWinsAndTheServersOrderBreaksTies() {
        assertEquals("br", Compression.negotiate("gzip, deflate, br, zstd", ALL));
        assertEquals("zstd", Compression.negotiate("br;q=0.5, zstd;q=0.8, gzip;q=0.8", ALL));
        assertEquals("deflate", Compression.negotiate("gzip;q=0.2, deflate", ALL));
        assertEquals("gzip", Compression.negotiate("X-GZIP", ALL));
    }

    @Test
    void aStarStandsForEveryCodingNotNamedAndZeroRefuses() {
        assertEquals("zstd", Compression.negotiate("br;q=0, *", ALL));
        assertEquals("gzip", Compression.negotiate("*;q=0.1, gzip", ALL));
        assertNull(Compression.negotiate("*;q=0", ALL));
        assertNull(Compression.negotiate("identity", ALL));
        assertNull(Compression.negotiate("gzip;q=nonsense", ALL));
    }

    @Test
    void emptyPartsAreSkippedAndWeightsOutsideTheGrammarRefuse() {
        assertNull(Compression.negotiate(";", ALL));
        assertNull(Compression.negotiate(";;", ALL));
        assertEquals("gzip", Compression.negotiate("gzip,;", ALL));
        assertEquals("br", Compression.negotiate("gzip;q=1.0001, br", ALL));
        assertEquals("br", Compression.negotiate("gzip;q=Infinity, br;q=0.5", ALL));
        assertEquals("br", Compression.negotiate("gzip;q=0x1p-1, br;q=0.001", ALL));
        assertEquals("gzip", Compression.negotiate("gzip;q=1.000, br;q=0.999", ALL));
        assertNull(Compression.negotiate("gzip;q=-1", ALL), "a negative weight is no weight, not the star's");
    }
}
