package dev.lindy.http;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of a response that is a part of a file, sent without reading it into memory: the embedded server
 * hands it to the operating system (zero-copy), a servlet container copies it through its stream. It holds
 * the file open: the host that sends it closes it, and Lindy closes it if the response never goes out.
 * Opening it reads the disk, so it is opened off the event loop.
 */
public final class FileBody implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long position;
    private final long length;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FileBody(Path path, FileChannel channel, long position, long length) {
        this.path = path;
        this.channel = channel;
        this.position = position;
        this.length = length;
    }

    /**
     * Opens a part of a file.
     *
     * @param path the file
     * @param position the first byte
     * @param length how many bytes
     * @return the open body
     * @throws IOException if the file cannot be opened
     */
    public static FileBody open(Path path, long position, long length) throws IOException {
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("a file region starts and lasts at least 0 bytes");
        }
        return new FileBody(path, FileChannel.open(path, StandardOpenOption.READ), position, length);
    }

    /**
     * Wraps a part of a file already open; the body owns the channel from now on.
     *
     * @param path the file, for messages
     * @param channel the open file
     * @param position the first byte
     * @param length how many bytes
     * @return the body
     */
    public static FileBody of(Path path, FileChannel channel, long position, long length) {
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("a file region starts and lasts at least 0 bytes");
        }
        return new FileBody(path, channel, position, length);
    }

    /**
     * Returns the file's path, for messages.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Returns the open file.
     *
     * @return the channel, positioned by nobody: read it at {@link #position()}
     */
    public FileChannel channel() {
        return channel;
    }

    /**
     * Returns where the part starts.
     *
     * @return the offset of its first byte
     */
    public long position() {
        return position;
    }

    /**
     * Returns the part's length.
     *
     * @return bytes
     */
    public long length() {
        return length;
    }

    /** Closes the file; only the first call acts. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a file opened for reading loses nothing.
            }
        }
    }

    @Override
    public String toString() {
        return path + "[" + position + "+" + length + "]";
    }
}
