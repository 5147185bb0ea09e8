package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.TemplateSuite;

/** The template behaviour suite, in process. */
class TemplateInProcessTest extends TemplateSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
