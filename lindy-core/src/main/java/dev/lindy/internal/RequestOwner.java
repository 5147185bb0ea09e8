package dev.lindy.internal;

import dev.lindy.Action;
import dev.lindy.Cancellable;
import dev.lindy.hub.internal.Owner;
import dev.lindy.spi.Loop;

/** A request as the owner of hub subscriptions: they run on its loop as its callbacks, and end with it. */
final class RequestOwner implements Owner {
    private final DefaultContext ctx;
    private final Dispatcher dispatcher;

    RequestOwner(DefaultContext ctx, Dispatcher dispatcher) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
    }

    @Override
    public Loop loop() {
        return ctx.lifecycle().loop();
    }

    // A request lives briefly: what it registers goes with it.
    @Override
    public Cancellable onEnd(Runnable action) {
        return ctx.lifecycle().onEnd(action);
    }

    @Override
    public void run(Action action) {
        dispatcher.run(ctx, action);
    }

    @Override
    public void overflowed() {
        dispatcher.overflowed(ctx);
    }

    @Override
    public boolean isOpen() {
        return ctx.lifecycle().isOpen();
    }
}
