package dev.lindy.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The limit of Lindy's stack: Netty's HTTP codec and one handler, nothing else. Same routes, same bodies,
 * the same number of event loops as Lindy's server and the same Date header, so that what differs is Lindy.
 */
public final class RawNettyBench {
    private RawNettyBench() {
    }

    /**
     * Starts the server.
     *
     * @param args the port
     * @throws InterruptedException if interrupted while binding
     */
    public static void main(String[] args) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        // Netty's default is two loops per core; Lindy runs one per core. On a two-core machine shared with
        // the load generator the extra loops cost context switches, so the defaults would compare thread
        // counts rather than code.
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                    }
                })
                .bind(Integer.parseInt(args[0])).sync();
    }

    private static final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        private static final ObjectMapper MAPPER = new ObjectMapper();
        private boolean keepAlive;
        private String path;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest) {
                HttpRequest req = (HttpRequest) msg;
                keepAlive = HttpUtil.isKeepAlive(req);
                path = req.uri();
            }
            if (!(msg instanceof LastHttpContent)) {
                return;
            }
            switch (path) {
                case "/hello":
                case "/hello-async":
                    send(ctx, "text/plain; charset=utf-8", Payloads.HELLO);
                    break;
                case "/json":
                    send(ctx, "application/json", json());
                    break;
                case "/timer":
                    boolean k1 = keepAlive;
                    ctx.executor().schedule(() -> send(ctx, k1, "text/html; charset=utf-8", "foo!"), 1, TimeUnit.SECONDS);
                    break;
                case "/timer0":
                    boolean k0 = keepAlive;
                    ctx.executor().execute(() -> send(ctx, k0, "text/html; charset=utf-8", "foo!"));
                    break;
                default:
                    FullHttpResponse nf = new DefaultFullHttpResponse(
                            io.netty.handler.codec.http.HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
                    nf.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.DATE, Payloads.date());
                    ctx.writeAndFlush(nf);
            }
        }

        // TechEmpower's JSON test: a new object per request, through Jackson.
        private static byte[] json() {
            try {
                return MAPPER.writeValueAsBytes(new Payloads.Message(Payloads.HELLO));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private void send(ChannelHandlerContext ctx, String type, String body) {
            send(ctx, keepAlive, type, body);
        }

        private void send(ChannelHandlerContext ctx, String type, byte[] body) {
            send(ctx, keepAlive, type, body);
        }

        private static void send(ChannelHandlerContext ctx, boolean keepAlive, String type, String body) {
            send(ctx, keepAlive, type, body.getBytes(StandardCharsets.UTF_8));
        }

        private static void send(ChannelHandlerContext ctx, boolean keepAlive, String type, byte[] bytes) {
            FullHttpResponse res = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                    .set(HttpHeaderNames.DATE, Payloads.date());
            if (keepAlive) {
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
