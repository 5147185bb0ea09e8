package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.JsonSuite;

/** The json behaviour suite, in process. */
class JsonInProcessTest extends JsonSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
