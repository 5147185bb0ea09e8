package dev.lindy.test;

import dev.lindy.test.internal.Call;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A request sent and not yet answered: await its response, or disconnect from it.
 */
public final class PendingResponse {
    private final Call call;
    private final Duration timeout;
    private final TestClient client;

    PendingResponse(Call call, Duration timeout, TestClient client) {
        this.call = call;
        this.timeout = timeout;
        this.client = client;
    }

    /**
     * Tells whether the response's head has arrived.
     *
     * @return true once answered
     */
    public boolean isAnswered() {
        return call.head.isDone() && !call.head.isCompletedExceptionally();
    }

    /**
     * Waits for the whole response, up to the client's timeout.
     *
     * @return the response
     * @throws UncheckedIOException if the connection failed or the response did not arrive in time
     */
    public TestResponse await() {
        return await(timeout);
    }

    /**
     * Waits for the whole response.
     *
     * @param limit the longest time to wait
     * @return the response
     * @throws UncheckedIOException if the connection failed or the response did not arrive in time
     */
    public TestResponse await(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            Call.Head head = call.head.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (;;) {
                long left = deadline - System.nanoTime();
                byte[] chunk = call.chunks.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (chunk == null) {
                    throw new IOException("the body did not end within " + limit);
                }
                if (chunk == Call.END) {
                    break;
                }
                body.write(chunk);
            }
            if (call.error() != null) {
                throw call.errorAsIo();
            }
            TestResponse response = new TestResponse(head.status(), head.headers(), body.toByteArray());
            client.received(response);
            return response;
        } catch (TimeoutException e) {
            throw new UncheckedIOException(new IOException("no response within " + limit));
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException("the request failed: " + e.getCause(), e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the connection under the pending request, as a client that goes away would. */
    public void disconnect() {
        call.disconnect();
    }
}
