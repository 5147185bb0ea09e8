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
 * The router alone: matching among 1 and 200 routes with parameters, the first route declared, the
 * last, and a path that matches none (a 404). Two shapes: {@code literal} routes start with distinct literal
 * segments ({@code /api/v1/resource7/:id/items/:item}), which the route index tells apart at once;
 * {@code param} routes share their first segment and then a parameter ({@code /api/:tenant/resource7/:id}),
 * so the index leaves every one of them to be tried in order, the case of bench/run's routes load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {
    @Param({"1", "200"})
    int routes;

    @Param({"literal", "param"})
    String shape;

    private Router router;
    private String first;
    private String last;
    private String none;

    @Setup
    public void setUp() {
        router = new Router();
        for (int i = 0; i < routes; i++) {
            router.add(new Route(Method.GET, PathPattern.compile(pattern(i)), ctx -> "", false, null));
        }
        router.freeze();
        first = path(0);
        last = path(routes - 1);
        none = shape.equals("literal") ? "/api/v1/other/42/items/7" : "/api/acme/other/42";
    }

    private String pattern(int i) {
        return shape.equals("literal") ? "/api/v1/resource" + i + "/:id/items/:item" : "/api/:tenant/resource" + i + "/:id";
    }

    private String path(int i) {
        return shape.equals("literal") ? "/api/v1/resource" + i + "/42/items/7" : "/api/acme/resource" + i + "/42";
    }

    @Benchmark
    public RouteMatch first() {
        return router.find(Method.GET, first, 0);
    }

    @Benchmark
    public RouteMatch last() {
        return router.find(Method.GET, last, 0);
    }

    @Benchmark
    public RouteMatch none() {
        return router.find(Method.GET, none, 0);
    }
}
