package dev.lindy.internal;

import dev.lindy.http.Request;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request body received into memory up to a threshold and into a temporary file beyond it, for uploads
 * larger than the heap should hold. The host's reader hands it bytes as they arrive; a small shared pool of
 * disk threads writes them, so the reader (an event loop) never touches the disk. When the disk falls behind,
 * {@link #add} asks the reader to pause and the spool calls it back to resume once the backlog is written:
 * at most about a mebibyte per body waits in memory.
 *
 * <p>One reader at a time calls {@link #add(ByteBuffer)}, then {@link #finish} or {@link #discard}. The host owns the
 * file until it hands the request to the app, which deletes it when the exchange ends.
 */
public final class BodySpool {
    private static final Logger LOG = LoggerFactory.getLogger(BodySpool.class);
    private static final long HIGH_WATER = 1024 * 1024;
    private static final long LOW_WATER = 256 * 1024;
    private static final byte[] EMPTY = new byte[0];
    private static final int FIRST_BUFFER = 8 * 1024;
    private static final Executor DISK = newDiskThreads();
    // The bytes of bodies in temporary files right now, every app together: bounded, so that many
    // concurrent uploads cannot fill the disk.
    private static final AtomicLong ON_DISK = new AtomicLong();

    private final int memoryBytes;
    private final long diskLimit;
    private final long ceiling;
    private volatile long onDisk;
    private final AtomicBoolean counted = new AtomicBoolean(true);
    private final Path dir;
    private final Runnable resume;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    // The reader's side.
    private byte[] memory = EMPTY;
    private long size;
    private boolean toDisk;
    // The disk thread's side; volatile for the reader to see once finish has run.
    private FileChannel channel;
    private volatile Path file;
    private volatile IOException failure;
    private volatile boolean discarded;
    private volatile boolean stored;

    /**
     * Creates a spool.
     *
     * @param memoryBytes bodies up to this size stay in memory; the caller refuses larger ones when it
     *     gives no directory
     * @param declared the body's declared length, or a negative number when unknown: memory grows as
     *     bytes arrive, never past what was declared
     * @param dir where the temporary file goes, or null when the body must stay in memory
     * @param diskLimit the most bytes of bodies in temporary files at once, all requests together
     * @param resume called, from a disk thread, when a reader that was asked to pause may read again
     */
    public BodySpool(int memoryBytes, long declared, Path dir, long diskLimit, Runnable resume) {
        this.memoryBytes = memoryBytes;
        this.diskLimit = diskLimit;
        this.ceiling = declared >= 0 ? Math.min(declared, memoryBytes) : memoryBytes;
        this.dir = dir;
        this.resume = resume;
        if (declared > 0 && declared <= FIRST_BUFFER && declared <= memoryBytes) {
            memory = new byte[(int) declared];
        }
    }

    /**
     * Creates a spool that keeps its body in memory: the caller refuses bodies over the limit first.
     *
     * @param limit the largest body
     * @param declared the declared length, or a negative number when unknown
     * @return the spool
     */
    public static BodySpool inMemory(int limit, long declared) {
        return new BodySpool(limit, declared, null, 0, () -> { });
    }

    /**
     * Returns the few threads that do the disk work of requests (writing bodies, deleting temporary files),
     * so an event loop never does and no handler waits behind it.
     *
     * @return the executor, shared by every app
     */
    public static Executor diskThreads() {
        return DISK;
    }

    private static Executor newDiskThreads() {
        int n = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "lindy-spool-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Takes the next bytes of the body, copying them; the buffer's position moves past them.
     *
     * @param bytes the bytes
     * @return true to keep reading; false to pause until the spool calls {@code resume}
     * @throws Full if the bytes would take the temporary files of all requests past their limit
     */
    public boolean add(ByteBuffer bytes) {
        int length = bytes.remaining();
        if (length == 0 || discarded) {
            return true;
        }
        size += length;
        if (!toDisk && size <= memoryBytes) {
            int at = (int) size - length;
            if (size > memory.length) {
                long grown = Math.max(FIRST_BUFFER, memory.length * 2L);
                memory = Arrays.copyOf(memory, (int) Math.max(size, Math.min(ceiling, grown)));
            }
            bytes.get(memory, at, length);
            return true;
        }
        if (dir == null) {
            throw new IllegalStateException("a body kept in memory grew past " + memoryBytes + " bytes");
        }
        if (!toDisk) {
            toDisk = true;
            byte[] held = Arrays.copyOf(memory, (int) (size - length));
            memory = EMPTY;
            write(held);
        }
        byte[] chunk = new byte[length];
        bytes.get(chunk);
        return write(chunk);
    }

    private boolean write(byte[] chunk) {
        if (ON_DISK.addAndGet(chunk.length) > diskLimit) {
            ON_DISK.addAndGet(-chunk.length);
            throw new Full();
        }
        onDisk += chunk.length;
        long backlog = pending.addAndGet(chunk.length);
        submit(() -> store(chunk));
        if (backlog <= HIGH_WATER) {
            return true;
        }
        paused.set(true);
        // The disk may have caught up between the count and the flag: then nobody would call resume.
        return pending.get() < LOW_WATER && paused.compareAndSet(true, false);
    }

    // On a disk thread, one task of this spool at a time.
    private void store(byte[] chunk) {
        try {
            if (failure == null && !discarded) {
                if (channel == null) {
                    file = Files.createTempFile(dir, "lindy-upload-", ".tmp");
                    channel = FileChannel.open(file, StandardOpenOption.WRITE);
                }
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            if (pending.addAndGet(-chunk.length) < LOW_WATER && paused.compareAndSet(true, false)) {
                resume.run();
            }
        }
    }

    /**
     * The whole body was added: runs {@code stored} once every byte is in memory or on disk (or writing
     * failed, see {@link #failure}); on a disk thread, or at once when nothing went to disk.
     *
     * @param stored the callback
     */
    public void finish(Runnable stored) {
        if (!toDisk) {
            if (memory.length != size) {
                memory = Arrays.copyOf(memory, (int) size);
            }
            this.stored = true;
            stored.run();
            return;
        }
        submit(() -> {
            closeChannel();
            this.stored = true;
            stored.run();
        });
    }

    /**
     * Tells whether the whole body is stored, {@link #finish}'s callback due or run.
     *
     * @return true once stored
     */
    public boolean isStored() {
        return stored;
    }

    /**
     * Gives the body up (refused, or the client left), from any thread: the file, if any, is deleted once
     * the writes in flight stop, and later bytes are ignored.
     */
    public void discard() {
        discarded = true;
        if (counted.compareAndSet(true, false)) {
            released(onDisk);
        }
        submit(() -> {
            closeChannel();
            delete(file);
        });
    }

    /**
     * Counts out the bytes of a body's temporary file, deleted (or about to be) by whoever owned it.
     *
     * @param bytes the file's length
     */
    public static void released(long bytes) {
        ON_DISK.addAndGet(-bytes);
    }

    /** Storing a body would take the temporary files of all requests past their limit. */
    public static final class Full extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Full() {
            super("the temporary files of uploads are at their limit", null, false, false);
        }
    }

    /**
     * Returns the body's size so far.
     *
     * @return bytes
     */
    public long size() {
        return size;
    }

    /**
     * Returns how much of the body is held in memory.
     *
     * @return bytes
     */
    public int memoryBytes() {
        return memory.length;
    }

    /**
     * Returns why writing the body failed, after {@link #finish}'s callback.
     *
     * @return the failure, or null
     */
    public IOException failure() {
        return failure;
    }

    /**
     * Sets the finished body on a request being built: its bytes, or its file.
     *
     * @param builder the builder
     * @return the builder
     */
    public Request.Builder into(Request.Builder builder) {
        return toDisk ? builder.bodyFile(file, size) : builder.body(memory);
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
            channel = null;
        }
    }

    private static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete the temporary file {}: {}", file, e.toString());
        }
    }

    private void submit(Runnable task) {
        tasks.add(task);
        if (running.compareAndSet(false, true)) {
            DISK.execute(this::drain);
        }
    }

    private void drain() {
        for (;;) {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                // A callback that fails (its event loop stopped with the server) must not strand the tasks
                // after it, the close and delete of the file among them.
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("a task of an upload's spool failed: {}", e.toString());
                }
            }
            running.set(false);
            if (tasks.isEmpty() || !running.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
