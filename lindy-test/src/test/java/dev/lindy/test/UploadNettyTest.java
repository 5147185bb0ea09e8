package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.UploadSuite;

/** The upload behaviour suite, on the embedded Netty server. */
class UploadNettyTest extends UploadSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
