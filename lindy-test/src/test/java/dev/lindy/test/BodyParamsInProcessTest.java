package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.BodyParamsSuite;

/** The body params behaviour suite, in process. */
class BodyParamsInProcessTest extends BodyParamsSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
