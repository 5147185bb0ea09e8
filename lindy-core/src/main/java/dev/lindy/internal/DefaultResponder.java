package dev.lindy.internal;

import dev.lindy.Responder;
import dev.lindy.StreamWriter;

/** The responder of one request; it holds the context, so the context lives as long as it does. */
final class DefaultResponder implements Responder {
    private final DefaultContext ctx;
    private final Dispatcher dispatcher;

    DefaultResponder(DefaultContext ctx, Dispatcher dispatcher) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
    }

    @Override
    public boolean send(Object body) {
        return dispatcher.finish(ctx, ctx.toResponse(body));
    }

    @Override
    public boolean send(int status, Object body) {
        if (ctx.lifecycle().isDone()) {
            return false;
        }
        ctx.status(status);
        return send(body);
    }

    @Override
    public boolean redirect(String location) {
        return redirect(location, 302);
    }

    @Override
    public boolean redirect(String location, int status) {
        return dispatcher.finish(ctx, ctx.redirectResponse(location, status));
    }

    @Override
    public boolean fail(Throwable error) {
        return dispatcher.fail(ctx, error);
    }

    @Override
    public StreamWriter stream() {
        return ctx.startStream();
    }

    @Override
    public boolean isDone() {
        return ctx.lifecycle().isDone();
    }
}
