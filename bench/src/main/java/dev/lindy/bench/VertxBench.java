package dev.lindy.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** The bench routes on Vert.x Web 5, one verticle per core as Vert.x recommends. */
public final class VertxBench {
    private VertxBench() {
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
            router.get("/hello").handler(rc -> rc.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(Payloads.HELLO));
            router.get("/hello-async").handler(rc -> rc.response()
                    .putHeader("Content-Type", "text/plain; charset=utf-8").end(Payloads.HELLO));
            router.get("/json").handler(rc -> rc.response().putHeader("Content-Type", "application/json")
                    .end(Payloads.json()));
            router.get("/timer").handler(rc -> vertx.setTimer(1000, id -> rc.response().end("foo!")));
            router.get("/timer0").handler(rc -> vertx.runOnContext(v -> rc.response().end("foo!")));
            return vertx.createHttpServer().requestHandler(router).listen(port);
        }
    }
}
