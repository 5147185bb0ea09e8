package dev.lindy.netty.internal;

import dev.lindy.Settings;
import dev.lindy.internal.SchedulerLoop;
import dev.lindy.spi.ExchangeHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lindy's HTTP/1 pipeline on an embedded channel: the test decides exactly which bytes each read brings, and
 * sees every buffer the connection writes.
 */
final class EmbeddedHttp implements AutoCloseable {
    final EmbeddedChannel channel = new EmbeddedChannel();

    EmbeddedHttp(ExchangeHandler app) {
        SchedulerLoop loop = new SchedulerLoop(channel.eventLoop(), channel.eventLoop()::inEventLoop);
        ServerInitializer.http1(channel.pipeline(),
                new ConnectionSetup(app, Settings.builder().build(), ConnectionHandler.Wire.PLAIN), loop);
    }

    /** One read bringing these bytes, then the tasks it left. */
    EmbeddedHttp read(String bytes) {
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        }
        channel.runPendingTasks();
        return this;
    }

    /** Takes every buffer written so far, each as the text it carries. */
    List<String> written() {
        List<String> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null;) {
            ByteBuf b = (ByteBuf) o;
            out.add(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out;
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
