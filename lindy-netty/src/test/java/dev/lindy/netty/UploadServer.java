package dev.lindy.netty;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.upload.Upload;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server for the upload memory test, in its own JVM: accepts uploads of up to 2 GiB and reports the most
 * heap that stayed in use after a full collection since it was last asked. Prints its port; stops when stdin closes.
 */
public final class UploadServer {
    private UploadServer() {
    }

    /**
     * Serves {@code POST /up} and {@code GET /heap} on 127.0.0.1 at a free port until standard input closes.
     *
     * @param args the directory for temporary files
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        // The live heap, measured right after a full collection, five times a second: what the upload keeps,
        // not the garbage it makes on the way.
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (true) {
                System.gc();
                peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Settings settings = Settings.builder().host("127.0.0.1").port(0).maxUploadBytes(2L << 30).maxFileBytes(2L << 30)
                .bodyTimeout(Duration.ofMinutes(5)).tempDir(Path.of(args[0])).build();
        App app = Lindy.app(settings);
        app.post("/up", ctx -> {
            Upload u = ctx.upload("file");
            return ctx.param("name") + " " + u.size();
        });
        app.get("/heap", ctx -> String.valueOf(peak.getAndSet(0)));
        NettyServer server = NettyServer.start(app.handler(), settings);
        System.out.println("PORT " + server.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // Wait for the parent to close our input.
        }
        server.stop(Duration.ofSeconds(1));
        app.stop();
    }
}
