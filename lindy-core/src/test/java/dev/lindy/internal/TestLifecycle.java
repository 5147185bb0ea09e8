package dev.lindy.internal;

import dev.lindy.Action;
import dev.lindy.Settings;
import dev.lindy.spi.Exchange;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lifecycle on its own, for tests: its errors are answered by a given function, its timers run their task
 * as it is, and it counts the ends it hears of.
 */
class TestLifecycle extends Lifecycle {
    /** Answers an error the lifecycle found; true if it answered. */
    @FunctionalInterface
    interface Errors {
        boolean answer(Lifecycle lifecycle, int status, String message);
    }

    private final Settings settings;
    private final AccessLog accessLog;
    private final Errors errors;
    final AtomicInteger ends = new AtomicInteger();

    TestLifecycle(Exchange exchange, Settings settings, AccessLog accessLog, Errors errors) {
        super(exchange, accessLog != null);
        this.settings = settings;
        this.accessLog = accessLog;
        this.errors = errors;
    }

    @Override
    Settings settings() {
        return settings;
    }

    @Override
    AccessLog accessLog() {
        return accessLog;
    }

    @Override
    boolean answerError(int status, String message) {
        return errors.answer(this, status, message);
    }

    @Override
    void runTimer(Action task) {
        try {
            task.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    void exchangeEnded() {
        ends.incrementAndGet();
    }
}
