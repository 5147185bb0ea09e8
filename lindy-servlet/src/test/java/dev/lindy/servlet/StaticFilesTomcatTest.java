package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.StaticFilesSuite;

/** The static files behaviour suite, in embedded Tomcat. */
class StaticFilesTomcatTest extends StaticFilesSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }
}
