package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.StaticFilesSuite;

/** The staticfiles behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class StaticFilesHttp2Test extends StaticFilesSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
