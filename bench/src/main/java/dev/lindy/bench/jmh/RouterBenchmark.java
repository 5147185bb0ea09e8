package dev.lindy.bench.jmh;

import dev.lindy.http.Method;
import dev.lindy.internal.PathPattern;
import dev.lindy.internal.Route;
import dev.lindy.internal.RouteMatch;
import dev.lindy.internal.Router;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route matching among 10, 100 and 1,000 routes with parameters: the first route, one in the middle, the
 * last, and a path that matches none (a 404 scans them all).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {
    @Param({"10", "100", "1000"})
    int routes;

    private Router router;
    private String first;
    private String middle;
    private String last;

    @Setup
    public void setUp() {
        router = new Router();
        for (int i = 0; i < routes; i++) {
            router.add(new Route(Method.GET, PathPattern.compile("/api/v1/resource" + i + "/:id/items/:item"),
                    ctx -> "", false, null));
        }
        router.freeze();
        first = "/api/v1/resource0/42/items/7";
        middle = "/api/v1/resource" + routes / 2 + "/42/items/7";
        last = "/api/v1/resource" + (routes - 1) + "/42/items/7";
    }

    @Benchmark
    public RouteMatch first() {
        return router.find(Method.GET, first, 0);
    }

    @Benchmark
    public RouteMatch middle() {
        return router.find(Method.GET, middle, 0);
    }

    @Benchmark
    public RouteMatch last() {
        return router.find(Method.GET, last, 0);
    }

    @Benchmark
    public RouteMatch none() {
        return router.find(Method.GET, "/api/v2/other/42", 0);
    }
}
