package dev.lindy.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The limit of Lindy's stack: Netty's HTTP codec and one handler, nothing else. Same routes, same bodies,
 * the same number of event loops as Lindy's server and the same Date header, so that what differs is Lindy.
 *
 * <p>With a TLS port, certificate and key it also serves HTTPS on that port, as Lindy does with {@code tlsPort}:
 * the same engine (OpenSSL when netty-tcnative is on the class path, the JDK's otherwise), the same ciphers and
 * ALPN offering HTTP/2 before HTTP/1.1. A connection that picks HTTP/1.1, or offers no ALPN, gets the same
 * codec and handler as clear text; one that picks HTTP/2 gets Netty's frame codec and a child channel per
 * stream whose handler answers {@code /hello} and {@code /hello-async} with the same body.
 *
 * <p>With {@code -Dbench.handoff=true} its HTTP/1.1 handler answers {@code /hello} from a thread pool instead of
 * the event loop: the bench's reference for what a blocking route's two hand-offs cost without any framework.
 */
public final class RawNettyBench {
    private RawNettyBench() {
    }

    /**
     * Starts the server.
     *
     * @param args the port, then optionally the TLS port, the certificate and the key (PEM files)
     * @throws InterruptedException if interrupted while binding
     * @throws SSLException if the certificate or key cannot be used
     */
    public static void main(String[] args) throws InterruptedException, SSLException {
        boolean epoll = Epoll.isAvailable();
        // Netty's default is two loops per core; Lindy runs one per core. On a two-core machine shared with
        // the load generator the extra loops cost context switches, so the defaults would compare thread
        // counts rather than code.
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        if (args.length >= 4) {
            SslContext tls = tls(new File(args[2]), new File(args[3]));
            // Bound before the clear-text port, so that a server answering on that port answers on both.
            bootstrap(group, epoll).childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc()),
                            new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                                @Override
                                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                                        ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer()
                                                .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(100))
                                                .build(), new Http2MultiplexHandler(H2Handler.INSTANCE));
                                    } else {
                                        ctx.pipeline().addLast(new HttpServerCodec(), new Handler());
                                    }
                                }
                            });
                }
            }).bind(Integer.parseInt(args[1])).sync();
        }
        bootstrap(group, epoll).childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new Handler());
            }
        }).bind(Integer.parseInt(args[0])).sync();
    }

    private static ServerBootstrap bootstrap(MultiThreadIoEventLoopGroup group, boolean epoll) {
        return new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true);
    }

    // The context Lindy's server makes from the same files (lindy-netty's Tls): engine, ciphers and ALPN alike.
    private static SslContext tls(File certificate, File key) throws SSLException {
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        System.out.println("TLS through " + (provider == SslProvider.OPENSSL ? "OpenSSL (netty-tcnative)" : "the JDK")
                + ", HTTP/2 and HTTP/1.1 by ALPN");
        return SslContextBuilder.forServer(certificate, key).sslProvider(provider)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
    }

    /**
     * One HTTP/2 stream's handler, shared by all streams (Netty's multiplex example's shape): a request's
     * headers frame, or the end of its body, is answered with a headers frame and a data frame.
     */
    @ChannelHandler.Sharable
    private static final class H2Handler extends ChannelInboundHandlerAdapter {
        static final H2Handler INSTANCE = new H2Handler();
        private static final AttributeKey<CharSequence> PATH = AttributeKey.valueOf("bench-h2-path");

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2HeadersFrame) {
                Http2HeadersFrame headers = (Http2HeadersFrame) msg;
                if (headers.isEndStream()) {
                    answer(ctx, headers.headers().path());
                } else {
                    ctx.channel().attr(PATH).set(headers.headers().path());
                }
            } else if (msg instanceof Http2DataFrame) {
                boolean end = ((Http2DataFrame) msg).isEndStream();
                ReferenceCountUtil.release(msg);
                if (end) {
                    answer(ctx, ctx.channel().attr(PATH).get());
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        private static void answer(ChannelHandlerContext ctx, CharSequence path) {
            String p = path == null ? "" : path.toString();
            Http2Headers headers = new DefaultHttp2Headers().set(HttpHeaderNames.DATE, Payloads.date());
            if (p.equals("/hello") || p.equals("/hello-async")) {
                byte[] body = Payloads.HELLO.getBytes(StandardCharsets.UTF_8);
                headers.status(HttpResponseStatus.OK.codeAsText())
                        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                ctx.write(new DefaultHttp2HeadersFrame(headers));
                ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
            } else {
                headers.status(HttpResponseStatus.NOT_FOUND.codeAsText()).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true));
            }
        }
    }

    // Answers given during a read are flushed once at its end, as TechEmpower's Netty entry does (and Lindy):
    // pipelined requests then share a system call. Answers given later (timers) are flushed at once.
    private static final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        private static final ObjectMapper MAPPER = new ObjectMapper();
        // With -Dbench.handoff=true, /hello is answered from a pool of two threads per core, written from there:
        // the least a server that keeps blocking handlers off its event loops pays, one hand-off each way.
        private static final ExecutorService HANDOFF = Boolean.getBoolean("bench.handoff")
                ? Executors.newFixedThreadPool(2 * Runtime.getRuntime().availableProcessors(), r -> {
                    Thread t = new Thread(r, "handoff");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        private boolean keepAlive;
        private String path;
        private boolean reading;
        private boolean unflushed;

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            reading = false;
            if (unflushed) {
                unflushed = false;
                ctx.flush();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            reading = true;
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
                    if (HANDOFF != null) {
                        boolean k = keepAlive;
                        HANDOFF.execute(() -> send(ctx, k, "text/plain; charset=utf-8", Payloads.HELLO));
                        break;
                    }
                    send(ctx, "text/plain; charset=utf-8", Payloads.HELLO);
                    break;
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
                    ctx.write(nf);
                    unflushed = true;
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
            send(ctx, type, body.getBytes(StandardCharsets.UTF_8));
        }

        // An answer given during a read.
        private void send(ChannelHandlerContext ctx, String type, byte[] body) {
            if (keepAlive && reading) {
                ctx.write(response(type, body));
                unflushed = true;
            } else {
                send(ctx, keepAlive, type, body);
            }
        }

        private static void send(ChannelHandlerContext ctx, boolean keepAlive, String type, String body) {
            send(ctx, keepAlive, type, body.getBytes(StandardCharsets.UTF_8));
        }

        private static FullHttpResponse response(String type, byte[] bytes) {
            FullHttpResponse res = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                    .set(HttpHeaderNames.DATE, Payloads.date());
            return res;
        }

        private static void send(ChannelHandlerContext ctx, boolean keepAlive, String type, byte[] bytes) {
            FullHttpResponse res = response(type, bytes);
            if (keepAlive) {
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
