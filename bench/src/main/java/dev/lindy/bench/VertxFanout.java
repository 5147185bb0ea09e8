package dev.lindy.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fan-out routes on Vert.x Web 5 with its event bus, as a Vert.x app would write them: each stream and
 * each waiting poll registers a consumer of the address, and a publish reaches them all. One verticle per
 * core.
 */
public final class VertxFanout {
    private static final AtomicInteger SUBSCRIBERS = new AtomicInteger();
    private static final AtomicLong IDS = new AtomicLong();

    private VertxFanout() {
    }

    /**
     * Starts the server.
     *
     * @param args the port
     */
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new Server(port),
                new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .await();
    }

    private static final class Server extends VerticleBase {
        private final int port;

        Server(int port) {
            this.port = port;
        }

        @Override
        public Future<?> start() {
            Router router = Router.router(vertx);
            router.get("/hello").handler(rc -> rc.response().end("Hello, World!"));
            router.get("/events").handler(rc -> {
                HttpServerResponse res = rc.response().setChunked(true)
                        .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
                res.write(": open\n\n");
                MessageConsumer<String> consumer = vertx.eventBus().consumer("bench",
                        m -> res.write("id: " + m.headers().get("id") + "\ndata: " + m.body() + "\n\n"));
                SUBSCRIBERS.incrementAndGet();
                res.closeHandler(v -> {
                    consumer.unregister();
                    SUBSCRIBERS.decrementAndGet();
                });
            });
            router.get("/poll").handler(rc -> {
                HttpServerResponse res = rc.response();
                MessageConsumer<String> consumer = vertx.eventBus().consumer("bench");
                SUBSCRIBERS.incrementAndGet();
                consumer.handler(m -> {
                    consumer.unregister();
                    SUBSCRIBERS.decrementAndGet();
                    res.putHeader("Content-Type", "application/json")
                            .end("{\"messages\":[{\"id\":" + m.headers().get("id") + ",\"data\":" + m.body() + "}]}");
                });
                res.closeHandler(v -> {
                    if (consumer.isRegistered()) {
                        consumer.unregister();
                        SUBSCRIBERS.decrementAndGet();
                    }
                });
            });
            router.post("/publish").handler(BodyHandler.create()).handler(rc -> {
                vertx.eventBus().publish("bench", rc.body().asString(),
                        new io.vertx.core.eventbus.DeliveryOptions().addHeader("id", String.valueOf(IDS.incrementAndGet())));
                rc.response().end("ok");
            });
            router.get("/subscribers").handler(rc -> rc.response().end(String.valueOf(SUBSCRIBERS.get())));
            router.get("/heap").handler(rc -> vertx.executeBlocking(Heap::usedAfterGc)
                    .onSuccess(used -> rc.response().end(String.valueOf(used))));
            return vertx.createHttpServer().requestHandler(router).listen(port);
        }
    }
}
