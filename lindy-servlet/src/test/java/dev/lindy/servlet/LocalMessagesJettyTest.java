package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.LocalMessagesSuite;

/** The local messages suite, in embedded Jetty. */
class LocalMessagesJettyTest extends LocalMessagesSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
