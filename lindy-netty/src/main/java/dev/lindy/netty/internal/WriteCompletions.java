package dev.lindy.netty.internal;

import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;

/** Turns Netty's write futures into the stages Lindy's writers hand to user code. */
final class WriteCompletions {
    private WriteCompletions() {
    }

    /**
     * Completes a stage when a write is done. A write that finished within the call completes from a fresh task
     * of the loop, never inside the write itself, so a producer that chains its next write from this
     * completion cannot recurse.
     */
    static void complete(ChannelFuture f, CompletableFuture<Void> done) {
        if (f.isDone()) {
            f.channel().eventLoop().execute(() -> settle(f, done));
        } else {
            f.addListener(r -> settle(r, done));
        }
    }

    private static void settle(Future<?> f, CompletableFuture<Void> done) {
        if (f.isSuccess()) {
            done.complete(null);
        } else {
            done.completeExceptionally(f.cause());
        }
    }
}
