package dev.lindy.test;

import dev.lindy.hub.HubBackend;
import dev.lindy.hub.MemoryHubBackend;
import dev.lindy.test.suite.HubBackendSuite;

/** The hub backend contract, for the in-process backend. */
class MemoryHubBackendTest extends HubBackendSuite {
    @Override
    protected HubBackend backend(int history) {
        return new MemoryHubBackend(history, 1000);
    }
}
