package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.HookSuite;

/** The hook behaviour suite, in process. */
class HookInProcessTest extends HookSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
