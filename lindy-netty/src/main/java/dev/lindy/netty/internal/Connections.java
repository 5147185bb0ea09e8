package dev.lindy.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The open connections of a server, shared by its listeners: counted against the connection limit, and kept
 * for shutdown, which drains them, waits for them to close and closes what is left. Each connection costs
 * one set entry and this one shared close listener, where Netty's channel group adds a listener of its own
 * beside the count's.
 */
public final class Connections implements ChannelFutureListener {
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
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
        channels.add(channel);
        channel.closeFuture().addListener(this);
        return true;
    }

    @Override
    public void operationComplete(ChannelFuture closed) {
        channels.remove(closed.channel());
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
        channels.forEach(action);
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
        channels.forEach(Channel::close);
    }
}
