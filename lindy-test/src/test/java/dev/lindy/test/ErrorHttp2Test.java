package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.ErrorSuite;

/** The error behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class ErrorHttp2Test extends ErrorSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
