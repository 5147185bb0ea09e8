package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.TemplateSuite;

/** The template behaviour suite, on the embedded Netty server. */
class TemplateNettyTest extends TemplateSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
