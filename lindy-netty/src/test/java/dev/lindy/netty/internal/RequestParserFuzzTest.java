package dev.lindy.netty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Settings;
import dev.lindy.http.Response;
import dev.lindy.internal.SchedulerLoop;
import dev.lindy.spi.ExchangeHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the request path of the embedded server: heads and bodies, valid and known-bad, mutated (bytes
 * flipped, inserted, deleted, repeated, cut) and fed in random pieces to the real pipeline on an embedded
 * channel. For every input: no exception escapes to the pipeline, whatever comes out is a sequence of
 * well-formed HTTP/1.1 responses, and every buffer is released (Netty's leak detector at paranoid).
 * A thousand inputs by default; more with {@code -Djqwik.tries.default=1000000}.
 */
class RequestParserFuzzTest {
    private static final List<String> SEEDS = List.of(
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /a/b?c=d&e=%20f HTTP/1.1\r\nHost: x\r\nCookie: a=b; c=d\r\n\r\n",
            "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
            "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n",
            "POST /p HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 50\r\n\r\n"
                    + "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n",
            "GET / HTTP/1.0\r\n\r\n",
            "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "POST /p HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
            "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n",
            "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
            "get / HTTP/1.1\r\nHost: a b\r\n\r\n",
            "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            "GET /%2e%2e/%2F%00 HTTP/1.1\r\nHost: x\r\n\r\n");

    @BeforeContainer
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    /** Records what reaches the end of the pipeline unhandled: nothing should. */
    private static final class Sentinel extends ChannelInboundHandlerAdapter {
        final List<Throwable> escaped = new ArrayList<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            escaped.add(cause);
            ctx.fireExceptionCaught(cause);
        }
    }

    @Property
    void anyInputGetsWellFormedAnswersOrAClose(@ForAll("inputs") List<byte[]> pieces) throws Exception {
        Settings settings = Settings.builder().maxBodyBytes(1024).maxHeaderBytes(512).maxRequestLineBytes(256).build();
        ExchangeHandler app = exchange -> exchange.respond(Response.of(200, "ok " + exchange.request().bodyLength()));
        EmbeddedChannel channel = new EmbeddedChannel();
        Sentinel sentinel = new Sentinel();
        SchedulerLoop loop = new SchedulerLoop(channel.eventLoop(), channel.eventLoop()::inEventLoop);
        ServerInitializer.http1(channel.pipeline(), new ConnectionSetup(app, settings, ConnectionHandler.Wire.PLAIN), loop);
        channel.pipeline().addBefore("lindy", "sentinel", sentinel);
        List<ByteBuf> sent = new ArrayList<>();
        for (byte[] piece : pieces) {
            ByteBuf buf = Unpooled.copiedBuffer(piece);
            sent.add(buf);
            if (channel.isOpen()) {
                channel.writeInbound(buf.retain());
            }
            channel.runPendingTasks();
        }
        channel.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = channel.readOutbound()) != null;) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            out.writeBytes(bytes);
            b.release();
        }
        assertTrue(sentinel.escaped.isEmpty(), "escaped: " + sentinel.escaped);
        StringBuilder input = new StringBuilder();
        pieces.forEach(p -> input.append(new String(p, StandardCharsets.ISO_8859_1)));
        boolean head = input.indexOf("HEAD") >= 0;
        wellFormed(out.toByteArray(), head);
        for (ByteBuf b : sent) {
            assertEquals(1, b.refCnt(), "the pipeline released a buffer it did not own, or kept one");
            b.release();
        }
    }

    // A sequence of responses: status line, headers, then a body framed as the headers say (none, for an
    // answer to HEAD: when the input has one, a head straight after a head is fine).
    private static void wellFormed(byte[] bytes, boolean headLike) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf("\r\n\r\n", at);
            assertTrue(end > 0, "a response head without its end: " + text.substring(at));
            String responseHead = text.substring(at, end);
            assertTrue(responseHead.matches("(?s)HTTP/1\\.[01] [1-5][0-9][0-9] [^\r\n]*(\r\n[A-Za-z0-9-]+: [^\r\n]*)*"),
                    responseHead);
            int status = Integer.parseInt(responseHead.substring(9, 12));
            at = end + 4;
            String lower = responseHead.toLowerCase();
            int cl = lower.indexOf("\r\ncontent-length: ");
            if (status == 100) {
                continue;
            }
            if (lower.contains("\r\ntransfer-encoding: chunked")) {
                for (;;) {
                    int line = text.indexOf("\r\n", at);
                    int size = Integer.parseInt(text.substring(at, line).trim(), 16);
                    at = line + 2 + size + 2;
                    if (size == 0) {
                        break;
                    }
                }
            } else if (headLike && (at == text.length() || text.startsWith("HTTP/1.", at))) {
                continue;
            } else if (cl >= 0 && !responseHead.startsWith("HTTP/1.1 304") && !responseHead.startsWith("HTTP/1.1 204")) {
                int eol = lower.indexOf("\r\n", cl + 2);
                String value = responseHead.substring(cl + 18, eol < 0 ? responseHead.length() : eol).trim();
                at += Integer.parseInt(value);
            }
            assertTrue(at <= text.length(), "a body shorter than its framing: " + text);
        }
    }

    @Provide
    Arbitrary<List<byte[]>> inputs() {
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(SEEDS), mutations())
                .as((seed, mutation) -> mutation.apply(seed.getBytes(StandardCharsets.ISO_8859_1)));
        return mutated.list().ofMinSize(1).ofMaxSize(3).flatMap(messages -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            messages.forEach(all::writeBytes);
            byte[] whole = all.toByteArray();
            return Arbitraries.integers().between(1, Math.max(1, whole.length)).list().ofMaxSize(6)
                    .map(cuts -> split(whole, cuts));
        });
    }

    private static List<byte[]> split(byte[] whole, List<Integer> cuts) {
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int cut : cuts.stream().sorted().distinct().toList()) {
            if (cut > from && cut < whole.length) {
                pieces.add(java.util.Arrays.copyOfRange(whole, from, cut));
                from = cut;
            }
        }
        pieces.add(java.util.Arrays.copyOfRange(whole, from, whole.length));
        return pieces;
    }

    /** One change to a message's bytes. */
    private interface Mutation {
        byte[] apply(byte[] in);
    }

    private static Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 400);
        Arbitrary<Byte> anyByte = Arbitraries.of((byte) 0, (byte) '\r', (byte) '\n', (byte) ' ', (byte) '\t', (byte) ':',
                (byte) '%', (byte) '/', (byte) '0', (byte) 'f', (byte) 0x7f, (byte) 0xff, (byte) 'a', (byte) ',', (byte) ';');
        return Arbitraries.oneOf(
                Arbitraries.just(in -> in),
                Combinators.combine(at, anyByte).as((i, b) -> in -> {
                    byte[] out = in.clone();
                    if (out.length > 0) {
                        out[i % out.length] = b;
                    }
                    return out;
                }),
                Combinators.combine(at, anyByte).as((i, b) -> in -> {
                    int p = in.length == 0 ? 0 : i % (in.length + 1);
                    byte[] out = new byte[in.length + 1];
                    System.arraycopy(in, 0, out, 0, p);
                    out[p] = b;
                    System.arraycopy(in, p, out, p + 1, in.length - p);
                    return out;
                }),
                Combinators.combine(at, Arbitraries.integers().between(1, 20)).as((i, n) -> in -> {
                    if (in.length == 0) {
                        return in;
                    }
                    int p = i % in.length;
                    int len = Math.min(n, in.length - p);
                    byte[] out = new byte[in.length - len];
                    System.arraycopy(in, 0, out, 0, p);
                    System.arraycopy(in, p + len, out, p, in.length - p - len);
                    return out;
                }),
                Combinators.combine(at, Arbitraries.integers().between(1, 40)).as((i, n) -> in -> {
                    if (in.length == 0) {
                        return in;
                    }
                    int p = i % in.length;
                    int len = Math.min(n, in.length - p);
                    byte[] out = new byte[in.length + len * 3];
                    System.arraycopy(in, 0, out, 0, p + len);
                    for (int k = 1; k <= 3; k++) {
                        System.arraycopy(in, p, out, p + len * k, len);
                    }
                    System.arraycopy(in, p + len, out, p + len * 4, in.length - p - len);
                    return out;
                }),
                at.map(i -> in -> java.util.Arrays.copyOf(in, in.length == 0 ? 0 : i % in.length)));
    }
}
