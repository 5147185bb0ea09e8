package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A body spooled to disk whose owner fails it: the temporary file still goes. */
class BodySpoolTest {
    /**
     * A stored callback that throws (its event loop stopped with the server) must not strand the spool's
     * later disk tasks: the discard still closes and deletes the file.
     */
    @Test
    void aCallbackThatThrowsDoesNotKeepTheFile(@TempDir Path dir) throws Exception {
        BodySpool spool = new BodySpool(16, -1, dir, 1 << 20, () -> { });
        spool.add(ByteBuffer.wrap(new byte[4096]));
        spool.finish(() -> {
            throw new RejectedExecutionException("the event loop has stopped");
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!spool.isStored()) {
            assertTrue(System.nanoTime() < until, "the body never reached the disk");
            Thread.sleep(10);
        }
        spool.discard();
        while (files(dir) > 0) {
            assertTrue(System.nanoTime() < until, "the temporary file is still there 10 s after the discard");
            Thread.sleep(10);
        }
    }

    private static long files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
