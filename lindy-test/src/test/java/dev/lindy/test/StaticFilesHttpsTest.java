package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.StaticFilesSuite;

/** The staticfiles behaviour suite, on the embedded Netty server over TLS with HTTP/1.1. */
class StaticFilesHttpsTest extends StaticFilesSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, false);
    }
}
