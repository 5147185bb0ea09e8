package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.StaticFilesSuite;

/** The static files behaviour suite, on the embedded Netty server. */
class StaticFilesNettyTest extends StaticFilesSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
