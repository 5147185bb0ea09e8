package dev.lindy.bench;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.json.JsonMapper;
import java.lang.reflect.Type;
import java.time.Duration;

/**
 * The fan-out routes on Lindy: {@code /events} streams the topic as server-sent events, {@code /poll} waits
 * for its next message, {@code POST /publish} publishes the body; {@code java -cp lindy-bench.jar
 * dev.lindy.bench.LindyFanout PORT}. The body is JSON already and is published as it is, as the Vert.x
 * server publishes its body: the bench measures the fan-out, not a JSON library.
 */
public final class LindyFanout {
    private LindyFanout() {
    }

    /** JSON text that is published as it is. */
    private record Raw(byte[] json) {
    }

    /** Writes {@link Raw} JSON as it is; the bench reads no JSON. */
    private static final class RawJson implements JsonMapper {
        @Override
        public byte[] write(Object value) {
            return ((Raw) value).json();
        }

        @Override
        public <T> T read(byte[] json, Type type) {
            throw new UnsupportedOperationException("the fan-out bench reads no JSON");
        }
    }

    /**
     * Starts the server.
     *
     * @param args the port
     */
    public static void main(String[] args) {
        App app = Lindy.app(Settings.builder().maxConnections(100_000).jsonMapper(new RawJson()).build());
        app.get("/hello", ctx -> "Hello, World!");
        app.async(GET, "/events", ctx -> ctx.subscribe("bench").toSse().comment("open"));
        app.async(GET, "/poll", ctx -> ctx.subscribe("bench").poll(Duration.ofSeconds(60)));
        app.post("/publish", ctx -> app.hub().publish("bench", new Raw(ctx.request().body())).thenApply(m -> "ok"));
        app.get("/subscribers", ctx -> String.valueOf(app.hub().subscribers("bench")));
        app.get("/heap", ctx -> String.valueOf(Heap.usedAfterGc()));
        app.start(Integer.parseInt(args[0]));
    }
}
