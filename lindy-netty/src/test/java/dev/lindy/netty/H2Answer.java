package dev.lindy.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One HTTP/2 stream's answer as a test client sees it: status and body once it ends, or the reset. */
final class H2Answer extends ChannelInboundHandlerAdapter {
    final CompletableFuture<String> done = new CompletableFuture<>();
    final CompletableFuture<String> reset = new CompletableFuture<>();
    final AtomicLong bytes = new AtomicLong();
    private final StringBuilder body = new StringBuilder();
    private String status;
    // The answer's header block, once it arrived.
    volatile Http2Headers headers;
    // Every status the stream heard, interim ones first; null when not recorded.
    private final List<String> statuses;

    H2Answer() {
        this(null);
    }

    H2Answer(List<String> statuses) {
        this.statuses = statuses;
    }

    /**
     * Connects an HTTP/2 client with prior knowledge, offering a window of the given size; frames that reach no
     * stream (GOAWAY, a stream the server opens) are named in {@code events}.
     */
    static Channel connect(EventLoopGroup group, int port, int window, List<Object> events) throws InterruptedException {
        ChannelInboundHandlerAdapter record = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                events.add(msg.getClass().getSimpleName());
                ReferenceCountUtil.release(msg);
            }

            @Override
            public boolean isSharable() {
                return true;
            }
        };
        return new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                                .initialSettings(Http2Settings.defaultSettings().initialWindowSize(window)).build());
                        ch.pipeline().addLast(new Http2MultiplexHandler(record));
                        ch.pipeline().addLast(record);
                    }
                }).connect("127.0.0.1", port).sync().channel();
    }

    /** Opens a stream on a connection whose frames this answer takes. */
    static Http2StreamChannel open(Channel connection, H2Answer answer) throws Exception {
        return new Http2StreamChannelBootstrap(connection).handler(answer).open().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame) {
                Http2HeadersFrame h = (Http2HeadersFrame) msg;
                if (h.headers().status() != null) {
                    status = h.headers().status().toString();
                    if (statuses != null) {
                        statuses.add(status);
                    }
                    headers = h.headers();
                }
                if (h.isEndStream()) {
                    done.complete(status + " " + body);
                }
            } else if (msg instanceof Http2DataFrame) {
                Http2DataFrame d = (Http2DataFrame) msg;
                bytes.addAndGet(d.content().readableBytes());
                body.append(d.content().toString(StandardCharsets.UTF_8));
                if (d.isEndStream()) {
                    done.complete(status + " " + body);
                }
            } else if (msg instanceof Http2ResetFrame) {
                reset.complete("RST " + ((Http2ResetFrame) msg).errorCode());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}
