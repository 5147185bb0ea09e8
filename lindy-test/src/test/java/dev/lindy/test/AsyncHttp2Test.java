package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.AsyncSuite;

/** The async behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class AsyncHttp2Test extends AsyncSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
