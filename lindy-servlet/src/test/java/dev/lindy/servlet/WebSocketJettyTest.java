package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.WebSocketSuite;

/** The WebSocket suite, through Jetty's Jakarta WebSocket. */
class WebSocketJettyTest extends WebSocketSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }

    @Override
    protected boolean compresses() {
        return false;
    }

    @Override
    protected boolean pingsIdleClients() {
        return false;
    }

    @Override
    protected boolean limitsFrames() {
        return false;
    }

    @Override
    protected boolean closesSocketsWhenStopping() {
        return false;
    }
}
