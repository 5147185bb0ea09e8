package dev.lindy.netty.internal;

import dev.lindy.Settings;
import dev.lindy.http.Headers;
import dev.lindy.http.Request;
import dev.lindy.internal.SchedulerLoop;
import dev.lindy.spi.WebSocketHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.Map;

/**
 * Turns an HTTP/1.1 connection into a WebSocket (RFC 6455) with Netty's codec: answers the handshake,
 * negotiates per-message compression when the settings offer it, and replaces Lindy's HTTP handlers with
 * the frame handlers: compression, UTF-8 validation, fragments joined up to the message limit, and the
 * {@link WebSocketConnection}.
 */
final class WebSocketUpgrade {
    private WebSocketUpgrade() {
    }

    /**
     * Upgrades a connection; call on its loop, once the HTTP handlers are out of the way.
     *
     * @param channel the connection
     * @param request the upgrade request, checked by Lindy
     * @param extra headers for the handshake's answer
     * @param handler Lindy's side of the socket
     * @param settings frame, message and time limits
     * @param loop the connection's loop
     */
    static void upgrade(Channel channel, Request request, Headers extra, WebSocketHandler handler, Settings settings,
            SchedulerLoop loop) {
        WebSocketDecoderConfig decoding = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(settings.webSocketMaxFrameBytes())
                .allowExtensions(settings.webSocketCompression())
                .closeOnProtocolViolation(true)
                .build();
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, request.target(),
                Unpooled.EMPTY_BUFFER);
        request.headers().forEach(req.headers()::add);
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory("ws://" + request.host() + request.target(), null, decoding)
                        .newHandshaker(req);
        if (handshaker == null) {
            // Lindy checked the version already: this cannot happen, but a connection must not hang on it.
            channel.close();
            handler.closed(1006, "unsupported WebSocket version");
            return;
        }
        HttpHeaders answer = new DefaultHttpHeaders();
        extra.forEach(answer::add);
        ChannelPipeline p = channel.pipeline();
        WebSocketServerExtension deflate = settings.webSocketCompression()
                ? deflate(request.header("Sec-WebSocket-Extensions"), settings.webSocketMaxMessageBytes()) : null;
        if (deflate != null) {
            answer.add("Sec-WebSocket-Extensions", responseHeader(deflate.newReponseData()));
            p.addLast("ws-inflate", deflate.newExtensionDecoder());
            p.addLast("ws-deflate", deflate.newExtensionEncoder());
        }
        p.addLast("ws-utf8", new Utf8FrameValidator(true));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(settings.webSocketMaxMessageBytes()));
        WebSocketConnection connection = new WebSocketConnection(handler, loop,
                settings.webSocketIdleTimeout().toNanos(), settings.writeTimeout().toNanos());
        p.addLast("ws", connection);
        handshaker.handshake(channel, req, answer, channel.newPromise()).addListener(f -> {
            req.release();
            if (f.isSuccess()) {
                // Netty puts its frame encoder after the decoder when the HTTP codec was two handlers: the
                // close frame the decoder writes on a protocol violation must pass through the encoder.
                p.remove("wsencoder");
                p.addBefore("wsdecoder", "wsencoder", new WebSocket13FrameEncoder(false));
                connection.start();
            } else {
                channel.close();
            }
        });
    }

    /** Closes the WebSocket of a connection, if it is one, because the server is stopping. */
    static boolean goingAway(ChannelPipeline pipeline) {
        WebSocketConnection connection = pipeline.get(WebSocketConnection.class);
        if (connection != null) {
            connection.goingAway();
        }
        return connection != null;
    }

    // The first permessage-deflate offer the client makes that Netty can accept, or null.
    private static WebSocketServerExtension deflate(String offered, int maxMessageBytes) {
        if (offered == null) {
            return null;
        }
        PerMessageDeflateServerExtensionHandshaker deflate = new PerMessageDeflateServerExtensionHandshaker(6, false, 15,
                false, false, WebSocketExtensionFilterProvider.DEFAULT, maxMessageBytes);
        for (WebSocketExtensionData data : WebSocketExtensionUtil.extractExtensions(offered)) {
            WebSocketServerExtension accepted = deflate.handshakeExtension(data);
            if (accepted != null) {
                return accepted;
            }
        }
        return null;
    }

    private static String responseHeader(WebSocketExtensionData data) {
        StringBuilder out = new StringBuilder(data.name());
        for (Map.Entry<String, String> p : data.parameters().entrySet()) {
            out.append("; ").append(p.getKey());
            if (p.getValue() != null) {
                out.append('=').append(p.getValue());
            }
        }
        return out.toString();
    }
}
