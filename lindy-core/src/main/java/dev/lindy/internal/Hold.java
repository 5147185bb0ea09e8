package dev.lindy.internal;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * What keeps a pending request answerable. The things that can still answer hold it: the responder, a
 * stream writer, a timer or task scheduled through the context, the stage a handler returned. The context
 * does not, and neither do {@code onClose} actions, so a context captured by user code does not hide a
 * forgotten answer. When nothing holds it any more, the garbage collector enqueues its {@link Ref} and the
 * request is ended: a 500 for a dropped responder, an aborted stream for a dropped writer.
 */
final class Hold {
    private static final ReferenceQueue<Hold> DROPPED = new ReferenceQueue<>();

    /** The hold of an exchange that has ended: nothing done with it matters any more, and none watches it. */
    static final Hold DETACHED = new Hold();

    static {
        // One daemon thread for every app in the JVM; it only hands each dropped hold to its lifecycle.
        Thread reporter = new Thread(Hold::reportDropped, "lindy-dropped-answers");
        reporter.setDaemon(true);
        reporter.start();
    }

    /**
     * Keeps the hold's object alive for as long as the caller runs; a no-op that the JIT cannot remove.
     */
    void touch() {
        Reference.reachabilityFence(this);
    }

    private static void reportDropped() {
        for (;;) {
            try {
                Ref ref = (Ref) DROPPED.remove();
                ref.lifecycle.abandoned();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A failure to answer one abandoned request must not stop the reporting of the others.
                org.slf4j.LoggerFactory.getLogger(Hold.class).error("could not end an abandoned request", e);
            }
        }
    }

    /** The lifecycle's weak handle on its hold, enqueued when the hold is dropped. */
    static final class Ref extends WeakReference<Hold> {
        private final Lifecycle lifecycle;

        Ref(Hold hold, Lifecycle lifecycle) {
            super(hold, DROPPED);
            this.lifecycle = lifecycle;
        }
    }
}
