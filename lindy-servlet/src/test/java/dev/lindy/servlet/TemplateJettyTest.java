package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.TemplateSuite;

/** The template behaviour suite, in embedded Jetty. */
class TemplateJettyTest extends TemplateSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
