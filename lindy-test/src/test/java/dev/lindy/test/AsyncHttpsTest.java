package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.AsyncSuite;

/** The async behaviour suite, on the embedded Netty server over TLS with HTTP/1.1. */
class AsyncHttpsTest extends AsyncSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, false);
    }
}
