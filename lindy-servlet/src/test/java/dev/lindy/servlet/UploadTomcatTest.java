package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.UploadSuite;

/** The upload behaviour suite, in embedded Tomcat. */
class UploadTomcatTest extends UploadSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }
}
