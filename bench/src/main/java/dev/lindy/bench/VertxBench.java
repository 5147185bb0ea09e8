package dev.lindy.bench;

import io.pebbletemplates.pebble.PebbleEngine;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.templ.pebble.PebbleTemplateEngine;
import io.vertx.ext.web.templ.pebble.impl.PebbleVertxLoader;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bench routes on Vert.x Web 5, one verticle per core as Vert.x recommends: {@code VertxBench PORT
 * [APP_DIR]}; {@code /page} renders {@code APP_DIR/vertx/page.peb}, the same page as Lindy's, with Vert.x's
 * Pebble engine.
 */
public final class VertxBench {
    private VertxBench() {
    }

    /**
     * Starts the server.
     *
     * @param args the port, then optionally the app directory
     */
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String page = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath().resolve("vertx/page.peb").toString();
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new Server(port, page),
                new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .await();
    }

    private static final class Server extends VerticleBase {
        private final int port;
        private final String page;

        Server(int port, String page) {
            this.port = port;
            this.page = page;
        }

        @Override
        public Future<?> start() {
            Router router = Router.router(vertx);
            // Vert.x's default engine turns Pebble's cache off and keeps only the page it was asked for, so
            // the layout the page extends is parsed again on every request; with Pebble's cache on, both are
            // parsed once, as Lindy's are.
            PebbleTemplateEngine engine = PebbleTemplateEngine.create(vertx,
                    new PebbleEngine.Builder().loader(new PebbleVertxLoader(vertx)).cacheActive(true).build());
            Map<String, Object> model = Payloads.page();
            router.get("/hello").handler(rc -> rc.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(Payloads.HELLO));
            router.get("/hello-async").handler(rc -> rc.response()
                    .putHeader("Content-Type", "text/plain; charset=utf-8").end(Payloads.HELLO));
            router.get("/json").handler(rc -> rc.json(new Payloads.Message(Payloads.HELLO)));
            router.get("/timer").handler(rc -> vertx.setTimer(1000, id -> rc.response().end("foo!")));
            router.get("/timer0").handler(rc -> vertx.runOnContext(v -> rc.response().end("foo!")));
            router.get("/page").handler(rc -> engine.render(model, page)
                    .onSuccess(html -> rc.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html))
                    .onFailure(rc::fail));
            return vertx.createHttpServer().requestHandler(router).listen(port);
        }
    }
}
