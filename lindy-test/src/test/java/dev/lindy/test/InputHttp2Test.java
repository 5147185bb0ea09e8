package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.InputSuite;

/** The input behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class InputHttp2Test extends InputSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
