package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.WebSocketSuite;

/** The WebSocket suite, on the embedded Netty server. */
class WebSocketNettyTest extends WebSocketSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
