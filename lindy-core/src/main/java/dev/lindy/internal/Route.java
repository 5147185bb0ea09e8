package dev.lindy.internal;

import dev.lindy.Handler;
import dev.lindy.http.Method;
import java.time.Duration;

/**
 * One registered route: method, pattern, handler, and whether it runs on the event loop.
 *
 * @param method the method it answers
 * @param pattern the compiled path pattern
 * @param handler the handler
 * @param onLoop true for {@code async} routes, which run on the event loop; false for blocking ones
 * @param deadline this route's deadline for a deferred answer, or null for the setting's
 */
public record Route(Method method, PathPattern pattern, Handler handler, boolean onLoop, Duration deadline) {
    @Override
    public String toString() {
        return method + " " + pattern.source();
    }
}
