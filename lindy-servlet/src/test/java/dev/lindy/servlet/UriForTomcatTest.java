package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.UriForSuite;

/** The uri for behaviour suite, in embedded Tomcat. */
class UriForTomcatTest extends UriForSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }
}
