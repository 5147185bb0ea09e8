package dev.lindy.internal;

import dev.lindy.Responder;
import dev.lindy.StreamWriter;

/**
 * The responder of one request. It holds the request's {@link Hold}: while user code keeps the responder,
 * the request stays answerable; once it is dropped unanswered, the request ends in a 500.
 */
final class DefaultResponder implements Responder {
    private final DefaultContext ctx;
    private final Dispatcher dispatcher;
    private final Hold hold;

    DefaultResponder(DefaultContext ctx, Dispatcher dispatcher, Hold hold) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
        this.hold = hold;
    }

    @Override
    public boolean send(Object body) {
        hold.touch();
        return dispatcher.finish(ctx, ctx.toResponse(body));
    }

    @Override
    public boolean send(int status, Object body) {
        hold.touch();
        if (ctx.lifecycle().isDone()) {
            return false;
        }
        return dispatcher.finish(ctx, ctx.toResponse(status, body));
    }

    @Override
    public boolean redirect(String location) {
        return redirect(location, 302);
    }

    @Override
    public boolean redirect(String location, int status) {
        hold.touch();
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
