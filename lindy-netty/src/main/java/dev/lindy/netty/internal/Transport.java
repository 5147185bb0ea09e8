package dev.lindy.netty.internal;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The socket transport: native epoll where its library loads, NIO everywhere else.
 *
 * @param name {@code epoll} or {@code nio}
 * @param ioHandlers the factory of the event loops' I/O handlers
 * @param serverChannel the server channel class
 * @param domainServerChannel the server channel class of Unix domain sockets, or null where there are none
 */
public record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel,
        Class<? extends ServerChannel> domainServerChannel) {

    /**
     * Returns the best transport this machine supports.
     *
     * @return epoll if available, else NIO
     */
    public static Transport best() {
        try {
            if (Epoll.isAvailable()) {
                return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                        EpollServerDomainSocketChannel.class);
            }
        } catch (LinkageError e) {
            // The native classes are missing or do not load here: NIO serves just as correctly.
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, null);
    }
}
