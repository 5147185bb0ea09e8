package dev.lindy.netty.internal;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses a streamed body chunk by chunk, flushing the compressor after each one (a sync flush), so
 * every chunk the producer writes reaches the client whole and at once: an event stream through it is never
 * held back. gzip is the raw deflate stream between gzip's header and trailer; deflate is zlib's format.
 * Used on one event loop at a time; {@link #end} frees the native compressor.
 */
final class StreamCompressor {
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final boolean gzip;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[8192];
    private boolean started;

    StreamCompressor(String coding) {
        this.gzip = coding.equals("gzip");
        this.deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, gzip);
    }

    /** Compresses a chunk and flushes it: the bytes to send now. */
    byte[] compress(byte[] chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length / 2 + 32);
        header(out);
        if (gzip) {
            crc.update(chunk);
        }
        deflater.setInput(chunk);
        drain(out, Deflater.SYNC_FLUSH);
        return out.toByteArray();
    }

    /** Ends the stream: the last compressed bytes, and gzip's trailer. */
    byte[] finish() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        header(out);
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            out.write(buffer, 0, n);
        }
        if (gzip) {
            int value = (int) crc.getValue();
            int size = (int) deflater.getBytesRead();
            for (int v : new int[] {value, size}) {
                out.write(v);
                out.write(v >>> 8);
                out.write(v >>> 16);
                out.write(v >>> 24);
            }
        }
        end();
        return out.toByteArray();
    }

    /** Frees the compressor; the stream ends without a trailer if it was not finished. */
    void end() {
        deflater.end();
    }

    private void header(ByteArrayOutputStream out) {
        if (gzip && !started) {
            out.write(GZIP_HEADER, 0, GZIP_HEADER.length);
        }
        started = true;
    }

    private void drain(ByteArrayOutputStream out, int flush) {
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
    }
}
