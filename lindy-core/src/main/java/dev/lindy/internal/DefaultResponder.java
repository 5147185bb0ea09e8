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

    // Each answer keeps the hold reachable until it is done: were the responder collected mid-answer, the
    // request would look abandoned while it is being answered.

    @Override
    public boolean send(Object body) {
        try {
            return dispatcher.finish(ctx, ctx.toResponse(body));
        } finally {
            hold.touch();
        }
    }

    @Override
    public boolean send(int status, Object body) {
        try {
            return !ctx.lifecycle().isDone() && dispatcher.finish(ctx, ctx.toResponse(status, body));
        } finally {
            hold.touch();
        }
    }

    @Override
    public boolean redirect(String location) {
        return redirect(location, 302);
    }

    @Override
    public boolean redirect(String location, int status) {
        try {
            return dispatcher.finish(ctx, ctx.redirectResponse(location, status));
        } finally {
            hold.touch();
        }
    }

    @Override
    public boolean fail(Throwable error) {
        try {
            return dispatcher.fail(ctx, error);
        } finally {
            hold.touch();
        }
    }

    @Override
    public StreamWriter stream() {
        try {
            return ctx.startStream();
        } finally {
            hold.touch();
        }
    }

    @Override
    public boolean isDone() {
        return ctx.lifecycle().isDone();
    }
}
