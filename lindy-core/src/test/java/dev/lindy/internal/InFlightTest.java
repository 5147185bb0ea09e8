package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.StreamWriter;
import dev.lindy.http.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exchanges in flight, as the drain sees them through the dispatcher. */
class InFlightTest {
    private static final int PENDING = 60;

    private final List<FakeExchange> exchanges = new ArrayList<>();

    @AfterEach
    void stopLoops() {
        exchanges.forEach(FakeExchange::shutdown);
    }

    @Test
    void theDrainWaitsForEveryExchangeInFlightAndEndAllAnswersEachOnce() throws Exception {
        App app = Lindy.app();
        // Each exchange runs on a loop of its own: its responder goes to its own slot.
        AtomicReferenceArray<Responder> held = new AtomicReferenceArray<>(PENDING);
        AtomicInteger taken = new AtomicInteger();
        app.async(Method.GET, "/wait", ctx -> {
            held.set(Integer.parseInt(ctx.param("i")), ctx.respond());
            taken.incrementAndGet();
        });
        Dispatcher dispatcher = (Dispatcher) app.handler();
        for (int i = 0; i < PENDING; i++) {
            FakeExchange ex = new FakeExchange("/wait?i=" + i);
            exchanges.add(ex);
            dispatcher.handle(ex);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (taken.get() < PENDING && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals(PENDING, taken.get());

        CompletableFuture<Void> drained = dispatcher.drain();
        assertFalse(drained.isDone(), "every exchange is still in flight");
        int answered = PENDING / 3;
        for (int i = 0; i < answered; i++) {
            assertTrue(held.get(i).send("done"));
        }
        for (int i = 0; i < answered; i++) {
            assertEquals(200, exchanges.get(i).answered.get(10, TimeUnit.SECONDS).status());
        }
        assertFalse(drained.isDone(), "two thirds are still in flight");

        assertEquals(PENDING - answered, dispatcher.endAll());
        drained.get(10, TimeUnit.SECONDS);
        for (int i = answered; i < PENDING; i++) {
            assertEquals(503, exchanges.get(i).answered.get(10, TimeUnit.SECONDS).status());
        }
        for (FakeExchange ex : exchanges) {
            assertEquals(1, ex.responds.get());
        }
        assertEquals(0, dispatcher.endAll(), "nothing is left in flight");
        app.stop();
    }

    @Test
    void endAllGoesOnPastAnExchangeWhoseLoopRefusesTheWork() throws Exception {
        App app = Lindy.app();
        AtomicInteger taken = new AtomicInteger();
        // The writers are kept: a dropped one would end its stream before the stop does.
        List<StreamWriter> writers = new CopyOnWriteArrayList<>();
        app.async(Method.GET, "/stream", ctx -> {
            ctx.onClose(() -> { });
            writers.add(ctx.respond().stream());
            taken.incrementAndGet();
        });
        Dispatcher dispatcher = (Dispatcher) app.handler();
        FakeExchange refusing = new FakeExchange("/stream");
        FakeExchange fine = new FakeExchange("/stream");
        exchanges.add(refusing);
        exchanges.add(fine);
        dispatcher.handle(refusing);
        dispatcher.handle(fine);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (taken.get() < 2 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals(2, taken.get());

        // A loop that has stopped refuses the close actions the end of a stream runs on it.
        refusing.shutdown();
        assertEquals(1, dispatcher.endAll(), "the other stream is still ended");
        assertEquals(1, fine.closes.get());
        assertEquals(1, refusing.closes.get(), "its final chunk went before the refusal");
        assertTrue(dispatcher.drain().isDone(), "neither is left in flight");
        assertEquals(2, writers.size());
        app.stop();
    }
}
