package dev.lindy.hub.internal;

import dev.lindy.hub.Listener;
import dev.lindy.hub.Message;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Messages to a listener of the app's, run as the owner's callbacks. */
public final class ListenerSink implements Sink {
    private final Owner owner;
    private final Listener listener;

    /**
     * Creates the sink.
     *
     * @param owner what the subscription belongs to
     * @param listener the listener
     */
    public ListenerSink(Owner owner, Listener listener) {
        this.owner = owner;
        this.listener = listener;
    }

    @Override
    public CompletionStage<?> deliver(List<Message> messages, long dropped, boolean missed) {
        for (Message m : messages) {
            // A message that answered the request, or failed it, ends the subscription: the rest stay unread.
            if (!owner.isOpen()) {
                break;
            }
            owner.run(() -> listener.onMessage(m));
        }
        return null;
    }

    @Override
    public void overflowed() {
        owner.overflowed();
    }
}
