package dev.lindy.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * One subscriber of the fan-out load: asks for {@code /events}, then reads the answer's bytes as they come, in
 * place: the head, the chunked framing, and the server-sent events, whose {@code data} carries a message's
 * {@code seq} and the {@code System.nanoTime()} of its publish. The time of receipt is read when the bytes
 * arrive, before they are parsed.
 *
 * <p>Ten thousand of these share the load client's two threads with the server under test on the same cores,
 * so a receipt costs no allocation and no lock: each follower records into its own arrays, and the load
 * reads them once publishing is over.
 */
final class SseFollower extends ChannelInboundHandlerAdapter implements ByteProcessor {
    private static final byte[] REQUEST =
            "GET /events HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] T = "\"t\":".getBytes(StandardCharsets.US_ASCII);

    // Where the reader is in the answer.
    private static final int HEAD = 0;
    private static final int SIZE = 1;
    private static final int DATA_BYTES = 2;
    private static final int DATA_END = 3;
    private static final int OVER = 4;

    private final CountDownLatch ready;
    private final int[] counts;
    private final long[] latencies;
    private volatile int received;
    private int recorded;

    private int phase = HEAD;
    // The head ends with an empty line: how many bytes of CR LF CR LF were seen in a row.
    private int headEnd;
    private long chunkLeft;
    private byte[] line = new byte[128];
    private int lineLength;
    private long seq = -1;
    private long publishedAt;
    private boolean hasTime;
    private long now;
    private IOException failure;

    /**
     * Creates a follower.
     *
     * @param ready counted down once the answer's head came
     * @param messages how many messages the load publishes, numbered from 1
     */
    SseFollower(CountDownLatch ready, int messages) {
        this.ready = ready;
        this.counts = new int[messages + 1];
        this.latencies = new long[messages + 16];
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(REQUEST));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        try {
            now = System.nanoTime();
            bytes.forEachByte(this);
        } finally {
            bytes.release();
        }
        if (failure != null) {
            ctx.fireExceptionCaught(failure);
            ctx.close();
        }
    }

    @Override
    public boolean process(byte b) {
        switch (phase) {
            case HEAD:
                head(b);
                return true;
            case SIZE:
                size(b);
                return failure == null;
            case DATA_BYTES:
                if (--chunkLeft == 0) {
                    phase = DATA_END;
                }
                event(b);
                return true;
            case DATA_END:
                // The CR LF after a chunk's data.
                if (b == '\n') {
                    phase = SIZE;
                }
                return true;
            default:
                return false;
        }
    }

    private void head(byte b) {
        boolean cr = headEnd % 2 == 0;
        headEnd = b == (cr ? '\r' : '\n') ? headEnd + 1 : (b == '\r' ? 1 : 0);
        if (headEnd == 4) {
            phase = SIZE;
            ready.countDown();
        }
    }

    // A chunk's size in hex, then CR LF; a size of 0 is the end of the body.
    private void size(byte b) {
        if (b == '\r') {
            return;
        }
        if (b == '\n') {
            phase = chunkLeft == 0 ? OVER : DATA_BYTES;
            return;
        }
        int digit = Character.digit(b, 16);
        if (digit < 0) {
            failure = new IOException("the event stream is not chunked as expected");
            return;
        }
        chunkLeft = chunkLeft * 16 + digit;
    }

    // The events' lines: a data line gives the message's numbers, an empty line ends the event.
    private void event(byte b) {
        if (b == '\r') {
            return;
        }
        if (b != '\n') {
            if (lineLength == line.length) {
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = b;
            return;
        }
        if (lineLength == 0) {
            if (seq >= 0 && hasTime) {
                record(seq, now - publishedAt);
            }
            seq = -1;
            hasTime = false;
        } else if (startsWith(DATA)) {
            int at = find(SEQ);
            if (at >= 0) {
                seq = number(at);
            }
            at = find(T);
            if (at >= 0) {
                publishedAt = number(at);
                hasTime = true;
            }
        }
        lineLength = 0;
    }

    private void record(long message, long latency) {
        if (message > 0 && message < counts.length) {
            counts[(int) message]++;
        }
        if (recorded < latencies.length) {
            latencies[recorded++] = latency;
        }
        // Publishes the arrays' new entries to the thread that reads them.
        received = received + 1;
    }

    private boolean startsWith(byte[] prefix) {
        if (lineLength < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    // Where the value after a key starts in the line, or -1.
    private int find(byte[] key) {
        outer:
        for (int i = 0; i + key.length <= lineLength; i++) {
            for (int j = 0; j < key.length; j++) {
                if (line[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i + key.length;
        }
        return -1;
    }

    private long number(int at) {
        boolean negative = at < lineLength && line[at] == '-';
        long n = 0;
        for (int i = negative ? at + 1 : at; i < lineLength && line[i] >= '0' && line[i] <= '9'; i++) {
            n = n * 10 + (line[i] - '0');
        }
        return negative ? -n : n;
    }

    /**
     * Returns how many messages this follower received, duplicates included.
     *
     * @return the count
     */
    int received() {
        return received;
    }

    /**
     * Returns how many times each message came, by its number; read after {@link #received()}, whose
     * read makes the entries written before it visible.
     *
     * @return the counts, indexed by message number
     */
    int[] counts() {
        return counts;
    }

    /**
     * Returns the latency of each receipt, in nanoseconds, in the order they came.
     *
     * @return the latencies
     */
    long[] latencies() {
        return Arrays.copyOf(latencies, Math.min(received, latencies.length));
    }
}
