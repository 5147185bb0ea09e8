package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lindy.http.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static Route route(Method m, String pattern) {
        return new Route(m, PathPattern.compile(pattern), ctx -> pattern, false, null);
    }

    @Test
    void findResumesAfterAPositionForPass() {
        Router r = new Router();
        r.add(route(Method.GET, "/a/:x"));
        r.add(route(Method.GET, "/a/b"));
        r.add(route(Method.GET, "/c"));
        RouteMatch first = r.find(Method.GET, "/a/b", 0);
        assertEquals(0, first.index());
        assertEquals(1, r.find(Method.GET, "/a/b", first.index() + 1).index());
        assertNull(r.find(Method.GET, "/a/b", 2));
        assertNull(r.find(Method.POST, "/a/b", 0));
    }

    @Test
    void aRouteThatCapturesNothingSharesOneMatchAndAParameterRouteMakesItsOwn() {
        Router r = new Router();
        r.add(route(Method.GET, "/plain"));
        r.add(route(Method.GET, "/user/:id"));
        r.add(route(Method.GET, "/files/**"));
        r.freeze();
        RouteMatch plain = r.find(Method.GET, "/plain", 0);
        assertSame(plain, r.find(Method.GET, "/plain", 0));
        assertEquals(Map.of(), plain.params());
        assertEquals(List.of(), plain.splat());
        RouteMatch one = r.find(Method.GET, "/user/1", 0);
        RouteMatch two = r.find(Method.GET, "/user/2", 0);
        assertEquals(Map.of("id", "1"), one.params());
        assertEquals(Map.of("id", "2"), two.params());
        assertEquals(List.of("a/b"), r.find(Method.GET, "/files/a/b", 0).splat());
        assertEquals(List.of("c"), r.find(Method.GET, "/files/c", 0).splat());
    }

    @Test
    void allowedListsMethodsInDeclarationOrder() {
        Router r = new Router();
        r.add(route(Method.PUT, "/t"));
        r.add(route(Method.GET, "/t"));
        r.add(route(Method.GET, "/other"));
        assertEquals(List.of(Method.PUT, Method.GET, Method.HEAD), List.copyOf(r.allowed("/t")));
        assertEquals(Set.of(), r.allowed("/none"));
    }

    @Test
    void theIndexKeepsDeclarationOrderAcrossLiteralAndParameterRoutes() {
        Router r = new Router();
        r.add(route(Method.GET, "/a/:x/c"));
        r.add(route(Method.GET, "/a/b/c"));
        r.add(route(Method.GET, "/:any/b/c"));
        r.add(route(Method.GET, "/hello/:name?"));
        r.add(route(Method.GET, "/a/b"));
        r.freeze();
        assertEquals(0, r.find(Method.GET, "/a/b/c", 0).index());
        assertEquals(1, r.find(Method.GET, "/a/b/c", 1).index());
        assertEquals(2, r.find(Method.GET, "/a/b/c", 2).index());
        assertNull(r.find(Method.GET, "/a/b/c", 3));
        assertEquals(3, r.find(Method.GET, "/hello", 0).index());
        assertEquals(4, r.find(Method.GET, "/a/b", 0).index());
        assertEquals(2, r.find(Method.GET, "/z/b/c", 0).index());
        assertNull(r.find(Method.GET, "/a/b/", 0));
    }

    @Test
    void aFrozenRouterRefusesRoutes() {
        Router r = new Router();
        r.freeze();
        assertThrows(IllegalStateException.class, () -> r.add(route(Method.GET, "/late")));
    }

    @Test
    void theIndexFindsWhatAScanOfEveryRouteFinds() {
        List<String> patterns = List.of("/", "/a", "/a/", "/a/:x", "/a/b", "/a/:x/c", "/:any/b/c", "/a/*", "/a/**",
                "/a/**/c", "/hello/:name?", "/:x?", "/f/:name.:ext", "/f/*.*", "/a/b/c/", "/:p/:q", "/x/:y/*/z");
        List<String> paths = List.of("/", "/a", "/a/", "/a/b", "/a/b/", "/a/b/c", "/a/b/c/", "/z/b/c", "/hello",
                "/hello/", "/hello/bob", "/hello/bob/x", "/f/x.txt", "/f/x", "/x/1/2/z", "/x/1//z", "//", "/a//c",
                "/q", "/q/r", "/q/r/s/t");
        Router indexed = new Router();
        Router scanned = new Router();
        for (String p : patterns) {
            indexed.add(route(Method.GET, p));
            scanned.add(route(Method.GET, p));
        }
        indexed.add(new Route(Method.GET, PathPattern.regex(java.util.regex.Pattern.compile("/a/(b|c)")), ctx -> "", false, null));
        scanned.add(new Route(Method.GET, PathPattern.regex(java.util.regex.Pattern.compile("/a/(b|c)")), ctx -> "", false, null));
        indexed.freeze();
        int compared = 0;
        for (String path : paths) {
            for (int from = 0; from <= patterns.size() + 1; from++) {
                RouteMatch a = indexed.find(Method.GET, path, from);
                RouteMatch b = scanned.find(Method.GET, path, from);
                assertEquals(b == null ? -1 : b.index(), a == null ? -1 : a.index(), path + " from " + from);
                compared++;
            }
        }
        assertEquals(paths.size() * (patterns.size() + 2), compared);
    }
}
