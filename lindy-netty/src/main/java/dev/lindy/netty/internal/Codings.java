package dev.lindy.netty.internal;

import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.compression.Zstd;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The content codings the server can answer in, best first: brotli and zstd when their libraries are on the
 * class path and load (as Netty's own codecs find them: brotli4j with its native part for the platform,
 * zstd-jni), then gzip and deflate, which the JDK always has. Levels suit answers made per request: brotli
 * at quality 4, zstd at level 3, zlib's default.
 */
final class Codings {
    private static final int BROTLI_QUALITY = 4;
    private static final int ZSTD_LEVEL = 3;
    private static final List<String> AVAILABLE = find();

    private Codings() {
    }

    /**
     * Returns the codings the server can answer in, in the order it prefers them when a client weighs them
     * alike.
     *
     * @return {@code br} and {@code zstd} when available, then {@code gzip} and {@code deflate}
     */
    static List<String> available() {
        return AVAILABLE;
    }

    /**
     * Opens a compressor that writes to a sink; its {@code flush} makes everything written so far decodable,
     * its {@code close} ends the coding's stream and frees the compressor.
     *
     * @param coding one of {@link #available()}
     * @param sink where the compressed bytes go
     * @return the compressor
     * @throws IOException if it cannot start
     */
    static OutputStream open(String coding, OutputStream sink) throws IOException {
        switch (coding) {
            case "br":
                return BrotliCodec.open(sink);
            case "zstd":
                return ZstdCodec.open(sink);
            case "gzip":
                return new GZIPOutputStream(sink, 8192, true);
            case "deflate":
                return new DeflaterOutputStream(sink, true);
            default:
                throw new IllegalArgumentException("no such coding: " + coding);
        }
    }

    // Netty's checks load the native libraries, or say why not; a class path without them is the usual case.
    private static List<String> find() {
        List<String> found = new ArrayList<>(4);
        if (loads(Brotli::isAvailable)) {
            found.add("br");
        }
        if (loads(Zstd::isAvailable)) {
            found.add("zstd");
        }
        found.add("gzip");
        found.add("deflate");
        return List.copyOf(found);
    }

    private static boolean loads(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (LinkageError e) {
            return false;
        }
    }

    // Classes of their own: the libraries' types are loaded only once a client asks for their coding.
    private static final class BrotliCodec {
        static OutputStream open(OutputStream sink) throws IOException {
            return new BrotliOutputStream(sink, new Encoder.Parameters().setQuality(BROTLI_QUALITY));
        }
    }

    private static final class ZstdCodec {
        static OutputStream open(OutputStream sink) throws IOException {
            return new ZstdOutputStreamNoFinalizer(sink, ZSTD_LEVEL);
        }
    }
}
