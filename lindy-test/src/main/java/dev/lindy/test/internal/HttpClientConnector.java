package dev.lindy.test.internal;

import dev.lindy.http.Headers;
import java.net.URI;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Sends requests over a real socket with the JDK's HttpClient, and streams the body as it arrives. */
public final class HttpClientConnector implements Connector {
    // The JDK client sets these itself and refuses them from callers.
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final String base;

    /**
     * Creates a connector to a server on this machine.
     *
     * @param port the server's port on 127.0.0.1
     */
    public HttpClientConnector(int port) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * Creates a connector to a server on this machine over TLS.
     *
     * @param port the server's port on 127.0.0.1
     * @param tls the client's TLS context, trusting the server's certificate
     * @param version HTTP/2 or HTTP/1.1
     */
    public HttpClientConnector(int port, SSLContext tls, HttpClient.Version version) {
        this.client = HttpClient.newBuilder()
                .version(version)
                .sslContext(tls)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.base = "https://127.0.0.1:" + port;
    }

    @Override
    public Call open(Outgoing request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + request.target()))
                .method(request.method(), request.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                b.header(name, value);
            }
        });
        SocketCall call = new SocketCall();
        call.future = client.sendAsync(b.build(), info -> {
            Headers.Builder headers = Headers.builder();
            info.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":")) {
                    values.forEach(v -> headers.add(name, v));
                }
            });
            call.head.complete(new Call.Head(info.statusCode(), headers.build()));
            return new ChunkSubscriber(call);
        });
        call.future.whenComplete((response, error) -> {
            if (error != null) {
                call.failed(error);
            }
        });
        return call;
    }

    private static final class SocketCall extends Call {
        volatile CompletableFuture<HttpResponse<Void>> future;
        volatile Flow.Subscription subscription;

        @Override
        public void disconnect() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            future.cancel(true);
        }
    }

    /** Pushes each buffer to the call's queue as it arrives. */
    private static final class ChunkSubscriber implements HttpResponse.BodySubscriber<Void> {
        private final SocketCall call;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        ChunkSubscriber(SocketCall call) {
            this.call = call;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            call.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            int size = item.stream().mapToInt(ByteBuffer::remaining).sum();
            if (size == 0) {
                return;
            }
            byte[] chunk = new byte[size];
            int at = 0;
            for (ByteBuffer b : item) {
                int n = b.remaining();
                b.get(chunk, at, n);
                at += n;
            }
            call.chunks.add(chunk);
        }

        @Override
        public void onError(Throwable throwable) {
            call.failed(throwable);
            done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            call.chunks.add(Call.END);
            done.complete(null);
        }
    }
}
