package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
    @Test
    void aBurstLogsOneLineAndTheNextOneCountsWhatWasLeftOut() throws Exception {
        LogLimiter limiter = new LogLimiter(TimeUnit.MILLISECONDS.toNanos(300));
        assertEquals(0, limiter.admit("deadline GET /x"));
        for (int i = 0; i < 41; i++) {
            assertEquals(-1, limiter.admit("deadline GET /x"));
        }
        assertEquals(0, limiter.admit("deadline GET /y"), "other kinds of lines are not held back");
        Thread.sleep(400);
        assertEquals(41, limiter.admit("deadline GET /x"));
        assertEquals(" (and 41 more like it)", LogLimiter.note(41));
        assertEquals("", LogLimiter.note(0));
    }
}
