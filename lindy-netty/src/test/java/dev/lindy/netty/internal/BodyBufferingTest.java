package dev.lindy.netty.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Settings;
import dev.lindy.internal.SchedulerLoop;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a client can make a connection hold in memory: only what it really sent, and a bounded queue. */
class BodyBufferingTest {

    private static EmbeddedChannel connection(ConnectionHandler[] out) {
        EmbeddedChannel ch = new EmbeddedChannel();
        SchedulerLoop loop = new SchedulerLoop(ch.eventLoop(), ch.eventLoop()::inEventLoop);
        // An app that takes every request and never answers: later requests queue behind the first.
        ConnectionHandler connection = new ConnectionHandler(exchange -> { }, Settings.defaults(), loop);
        ch.pipeline().addLast(new StrictRequestDecoder(new HttpDecoderConfig(), connection), connection);
        out[0] = connection;
        return ch;
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aDeclaredLengthIsNotAllocatedBeforeItsBytesArrive() {
        ConnectionHandler[] c = new ConnectionHandler[1];
        EmbeddedChannel ch = connection(c);
        send(ch, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\nx");
        assertTrue(c[0].buffered() <= 8 * 1024, "holds " + c[0].buffered() + " bytes for 1 sent");
        send(ch, "y".repeat(100_000));
        int held = c[0].buffered();
        assertTrue(held >= 100_001 && held <= 4 * 100_001, "holds " + held + " bytes for 100,001 sent");
        ch.finishAndReleaseAll();
    }

    @Test
    void pipelinedBodiesCountAgainstAByteBudget() {
        ConnectionHandler[] c = new ConnectionHandler[1];
        EmbeddedChannel ch = connection(c);
        String big = "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 524288\r\n\r\n" + "b".repeat(524_288);
        send(ch, big);
        send(ch, big);
        send(ch, big);
        assertTrue(ch.config().isAutoRead(), "two queued bodies of 512 KiB are within the budget");
        send(ch, big);
        assertFalse(ch.config().isAutoRead(), "reading must pause once more than 1 MiB of bodies wait");
        ch.finishAndReleaseAll();
    }

    @Test
    void smallPipelinedRequestsPauseOnlyPastTheirCount() {
        ConnectionHandler[] c = new ConnectionHandler[1];
        EmbeddedChannel ch = connection(c);
        for (int i = 0; i < 17; i++) {
            send(ch, "GET /p HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        assertTrue(ch.config().isAutoRead());
        send(ch, "GET /p HTTP/1.1\r\nHost: x\r\n\r\n");
        assertFalse(ch.config().isAutoRead());
        ch.finishAndReleaseAll();
    }
}
