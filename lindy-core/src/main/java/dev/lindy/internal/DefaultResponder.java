package dev.lindy.internal;

import dev.lindy.Responder;
import dev.lindy.StreamWriter;
import dev.lindy.sse.SseEmitter;

/**
 * The responder of one request. It holds the request's {@link Hold}: while user code keeps the responder,
 * the request stays answerable; once it is dropped unanswered, the request ends in a 500.
 */
final class DefaultResponder implements Responder {
    private final DefaultContext ctx;
    private final Hold hold;
    private final int generation;

    DefaultResponder(DefaultContext ctx, Hold hold) {
        this.ctx = ctx;
        this.hold = hold;
        this.generation = ctx.generation();
    }

    // The request passed or forwarded since this responder was taken: the route it belonged to has no say.
    private boolean stale() {
        return ctx.generation() != generation;
    }

    // Each answer keeps the hold reachable until it is done: were the responder collected mid-answer, the
    // request would look abandoned while it is being answered.

    @Override
    public boolean send(Object body) {
        try {
            return !stale() && ctx.dispatcher().finish(ctx, ctx.toResponse(body));
        } finally {
            hold.touch();
        }
    }

    @Override
    public boolean send(int status, Object body) {
        try {
            return !stale() && !ctx.lifecycle().isDone() && ctx.dispatcher().finish(ctx, ctx.toResponse(status, body));
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
            return !stale() && ctx.dispatcher().finish(ctx, ctx.redirectResponse(location, status));
        } finally {
            hold.touch();
        }
    }

    @Override
    public boolean fail(Throwable error) {
        try {
            return !stale() && ctx.dispatcher().fail(ctx, error);
        } finally {
            hold.touch();
        }
    }

    @Override
    public StreamWriter stream() {
        try {
            if (stale()) {
                throw new IllegalStateException("this responder belongs to a route the request passed or forwarded"
                        + " from; only the route answering now can stream");
            }
            return ctx.startStream();
        } finally {
            hold.touch();
        }
    }

    @Override
    public SseEmitter sse() {
        return ctx.openSse(this);
    }

    @Override
    public boolean isDone() {
        return stale() || ctx.lifecycle().isDone();
    }
}
