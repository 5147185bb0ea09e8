package dev.lindy.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The open connections of a server, shared by its listeners: counted against the connection limit, and kept
 * for shutdown, which drains them, waits for them to close and closes what is left. Each connection costs
 * two slots of an identity set's open table and this one shared close listener, where Netty's channel group
 * adds a listener of its own beside the count's, and a concurrent set an entry object per connection. The
 * set takes a lock once when a connection opens and once when it closes, for a few hundred nanoseconds
 * (longer when the table grows, which it does by doubling); like a concurrent set's, the table keeps the
 * size of its peak.
 */
public final class Connections implements ChannelFutureListener {
    // Guarded by itself.
    private final Set<Channel> channels = Collections.newSetFromMap(new IdentityHashMap<>());
    private final AtomicInteger count = new AtomicInteger();

    /** Creates an empty set of connections. */
    public Connections() {
    }

    /**
     * Takes a new connection, unless the limit is reached.
     *
     * @param channel the connection
     * @param limit how many may be open at once
     * @return true if taken; false if the limit is reached and the connection must be refused
     */
    boolean open(Channel channel, int limit) {
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            return false;
        }
        synchronized (channels) {
            channels.add(channel);
        }
        channel.closeFuture().addListener(this);
        return true;
    }

    @Override
    public void operationComplete(ChannelFuture closed) {
        synchronized (channels) {
            channels.remove(closed.channel());
        }
        if (count.decrementAndGet() == 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Calls an action with every open connection.
     *
     * @param action the action
     */
    public void forEach(Consumer<Channel> action) {
        snapshot().forEach(action);
    }

    /**
     * Returns how many connections are open.
     *
     * @return the count
     */
    public int size() {
        return count.get();
    }

    /**
     * Waits until every connection has closed.
     *
     * @param timeout how long to wait at most
     * @return true if none is open
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            for (long left = timeout.toNanos(); count.get() > 0; left = deadline - System.nanoTime()) {
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }

    /** Closes every connection still open, at once. */
    public void closeAll() {
        snapshot().forEach(Channel::close);
    }

    // The actions run outside the lock: a close completes on its loop, whose listener takes the lock.
    private List<Channel> snapshot() {
        synchronized (channels) {
            return new ArrayList<>(channels);
        }
    }
}
