package dev.lindy.bench.cluster;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Many event-stream clients on few threads: each connection asks for a stream and reads its events' data,
 * which the bench's publisher makes {@code "<seq>:<nanoTime>"}; it records, per message, when it arrived.
 * Publisher and subscribers share one JVM, so their {@code System.nanoTime()} are one clock.
 */
final class SseSubscribers implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicLong received = new AtomicLong();
    // Latency of each receipt in microseconds, by message and subscriber; -1 until it arrives.
    private final AtomicLongArray latencies;
    private final int messages;
    private int count;

    SseSubscribers(int maxSubscribers, int messages) {
        this.messages = messages;
        this.latencies = new AtomicLongArray(maxSubscribers * (messages + 1));
        for (int i = 0; i < latencies.length(); i++) {
            latencies.set(i, -1);
        }
    }

    /** Opens streams to a node, waiting for each connection. */
    void open(int port, int subscribers, String path) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
        for (int i = 0; i < subscribers; i++) {
            int index = count++;
            Channel ch = b.handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel c) {
                    c.pipeline().addLast(new Reader(index));
                }
            }).connect("127.0.0.1", port).sync().channel();
            ch.writeAndFlush(Unpooled.copiedBuffer("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
                    StandardCharsets.US_ASCII));
            channels.add(ch);
        }
    }

    int subscribers() {
        return count;
    }

    long received() {
        return received.get();
    }

    /** Tells whether every subscriber has a message. */
    boolean allHave(int seq) {
        for (int s = 0; s < count; s++) {
            if (latencies.get(s * (messages + 1) + seq) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Returns the latencies, in microseconds, of the messages from 1 on that arrived. */
    long[] latencies() {
        List<Long> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            for (int m = 1; m <= messages; m++) {
                long l = latencies.get(s * (messages + 1) + m);
                if (l >= 0) {
                    out.add(l);
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Finds {@code data: "seq:nanos"} lines in what arrives; a line may span reads. */
    private final class Reader extends ChannelInboundHandlerAdapter {
        private final int index;
        private final StringBuilder line = new StringBuilder();

        Reader(int index) {
            this.index = index;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                long now = System.nanoTime();
                while (buf.isReadable()) {
                    char c = (char) buf.readByte();
                    if (c == '\n') {
                        take(line, now);
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
            } finally {
                buf.release();
            }
        }

        private void take(CharSequence l, long now) {
            if (l.length() < 8 || !l.toString().startsWith("data: \"")) {
                return;
            }
            String payload = l.toString().substring(7, l.length() - 1);
            int colon = payload.indexOf(':');
            int seq = Integer.parseInt(payload.substring(0, colon));
            long sent = Long.parseLong(payload.substring(colon + 1));
            if (seq <= messages && latencies.compareAndSet(index * (messages + 1) + seq, -1, (now - sent) / 1000)) {
                received.incrementAndGet();
            }
        }
    }
}
