package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.UploadSuite;

/** The upload behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class UploadHttp2Test extends UploadSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
