package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.RoutingSuite;

/** The routing behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class RoutingHttp2Test extends RoutingSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
