package dev.lindy.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.http.Request;
import dev.lindy.internal.BodySpool;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The servlet host's body reader holds what arrived, never what a client merely declared. */
class BodyReaderTest {

    /** Input that has some bytes ready now and more later, as a container's would. */
    private static final class Arriving extends ServletInputStream {
        private final ArrayDeque<Byte> ready = new ArrayDeque<>();
        private boolean finished;

        void arrive(int n) {
            for (int i = 0; i < n; i++) {
                ready.add((byte) 'x');
            }
        }

        @Override
        public boolean isFinished() {
            return finished && ready.isEmpty();
        }

        @Override
        public boolean isReady() {
            return !ready.isEmpty();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read() {
            return ready.isEmpty() ? -1 : ready.poll();
        }
    }

    @Test
    void aDeclaredLengthIsNotAllocatedBeforeItsBytesArrive() throws Exception {
        Arriving in = new Arriving();
        AtomicReference<BodySpool> body = new AtomicReference<>();
        BodyReader reader = new BodyReader(in, 10 * 1024 * 1024, "too large",
                BodySpool.inMemory(10 * 1024 * 1024, 10 * 1024 * 1024), body::set, r -> { }, e -> { });
        in.arrive(1);
        reader.onDataAvailable();
        assertTrue(reader.buffered() <= 8 * 1024, "holds " + reader.buffered() + " bytes for 1 sent");
        in.arrive(100_000);
        reader.onDataAvailable();
        assertTrue(reader.buffered() <= 4 * 100_001, "holds " + reader.buffered() + " bytes for 100,001 sent");
        reader.onAllDataRead();
        assertEquals(100_001, body.get().size());
        assertEquals(100_001, body.get().into(Request.builder()).build().body().length);
    }

    @Test
    void aTimeoutBeforeTheEndRefusesTheRequestOnce() {
        AtomicReference<BodyReader.Refusal> refused = new AtomicReference<>();
        AtomicReference<BodySpool> body = new AtomicReference<>();
        BodyReader reader = new BodyReader(new Arriving(), 100, "too large", BodySpool.inMemory(100, 50), body::set,
                refused::set, e -> { });
        reader.timedOut("too slow");
        reader.onAllDataRead();
        assertEquals(408, refused.get().status());
        assertEquals(null, body.get());
    }
}
