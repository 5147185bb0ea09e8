package dev.lindy.bench.jmh;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.Cancellable;
import dev.lindy.Lindy;
import dev.lindy.http.Headers;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.spi.BodyWriter;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.spi.Loop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lindy's own cost per request, without a socket: from an exchange to its response, through route match,
 * context, handler and answer, on an inline loop. What a server adds comes on top.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchBenchmark {
    private App app;
    private ExchangeHandler handler;
    private Request hello;
    private Request param;

    @Setup
    public void setUp() {
        app = Lindy.app();
        app.async(GET, "/hello", ctx -> ctx.respond().send("Hello, World!"));
        app.async(GET, "/user/:id", ctx -> ctx.respond().send("user " + ctx.param("id")));
        handler = app.handler();
        hello = Request.builder().target("/hello").build();
        param = Request.builder().target("/user/42?x=1").build();
    }

    @TearDown
    public void tearDown() {
        app.stop();
    }

    @Benchmark
    public Response asyncHello() {
        InlineExchange ex = new InlineExchange(hello);
        handler.handle(ex);
        return ex.response;
    }

    @Benchmark
    public Response asyncWithParam() {
        InlineExchange ex = new InlineExchange(param);
        handler.handle(ex);
        return ex.response;
    }

    /** An exchange answered in the calling thread, its loop running tasks inline. */
    private static final class InlineExchange implements Exchange, Loop {
        private final Request request;
        Response response;

        InlineExchange(Request request) {
            this.request = request;
        }

        @Override
        public Request request() {
            return request;
        }

        @Override
        public boolean respond(Response r) {
            response = r;
            return true;
        }

        @Override
        public BodyWriter stream(int status, Headers headers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Loop loop() {
            return this;
        }

        @Override
        public void onClose(Runnable callback) {
            // Never closes early.
        }

        @Override
        public boolean isOpen() {
            return response == null;
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Cancellable after(Duration delay, Runnable task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Cancellable every(Duration period, Runnable task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean inLoop() {
            return true;
        }
    }
}
