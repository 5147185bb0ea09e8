package dev.lindy.files.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of the public directory, known by their request paths ({@code /css/site.css}), so that the
 * question "is this a static file?" costs a lookup and no disk access on the event loop. Built when the app
 * starts; a watcher thread keeps it current as files come and go. Files under a dot segment are left out
 * unless the settings serve them. It only says where to look: serving re-checks the file on the disk.
 */
public final class PublicFiles implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublicFiles.class);

    private final Path root;
    private final boolean dotfiles;
    private final Set<String> paths = ConcurrentHashMap.newKeySet();
    // The app's own error pages (public/404.html...), read ahead: an error never waits on the disk.
    private volatile Map<Integer, byte[]> errorPages = Map.of();
    private final WatchService watcher;

    private PublicFiles(Path root, boolean dotfiles) {
        this.root = root;
        this.dotfiles = dotfiles;
        rescan();
        this.watcher = watch();
    }

    /**
     * Indexes a public directory.
     *
     * @param dir the directory
     * @param dotfiles whether paths with a dot segment count
     * @return the index, or null when the directory does not exist (then nothing is static)
     */
    public static PublicFiles of(Path dir, boolean dotfiles) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            return null;
        }
        Path real;
        try {
            // A public directory that is a link is indexed where it leads.
            real = abs.toRealPath();
        } catch (IOException e) {
            return null;
        }
        if (real.getParent() == null) {
            throw new IllegalArgumentException("the public directory may not be the file system root: " + abs);
        }
        return new PublicFiles(real, dotfiles);
    }

    /**
     * Tells whether a path relative to the public directory names a dot file (a segment starting with a
     * dot), which is served only when dot files are.
     *
     * @param relative the path, with {@code /} between segments
     * @return true if it may be served
     */
    public boolean allows(String relative) {
        return dotfiles || !("/" + relative).contains("/.");
    }

    /**
     * Returns the directory.
     *
     * @return the public directory, absolute and real (links resolved)
     */
    public Path root() {
        return root;
    }

    /**
     * Tells whether a request path names a file of the public directory.
     *
     * @param path the decoded, normalized request path
     * @return true if indexed
     */
    public boolean contains(String path) {
        return paths.contains(path);
    }

    /**
     * Returns the path of the file a request path names, with a directory's {@code index.html}.
     *
     * @param path the decoded, normalized request path
     * @return the indexed path to serve, or null
     */
    public String lookup(String path) {
        if (paths.contains(path)) {
            return path;
        }
        if (!path.endsWith("/")) {
            return null;
        }
        String index = path + "index.html";
        return paths.contains(index) ? index : null;
    }

    /**
     * Returns the page the public directory has for an error status, {@code public/404.html} say.
     *
     * @param status the status
     * @return the page's bytes, or null
     */
    public byte[] errorPage(int status) {
        return errorPages.get(status);
    }

    private void rescan() {
        Set<String> found = ConcurrentHashMap.newKeySet();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> Files.isRegularFile(p)).forEach(p -> {
                String rel = "/" + root.relativize(p).toString().replace('\\', '/');
                if (dotfiles || !rel.contains("/.")) {
                    found.add(rel);
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the public directory {}: {}", root, e.toString());
        }
        paths.retainAll(found);
        paths.addAll(found);
        Map<Integer, byte[]> pages = new HashMap<>();
        for (String p : found) {
            if (p.matches("/[45]\\d\\d\\.html")) {
                try {
                    pages.put(Integer.parseInt(p.substring(1, 4)), Files.readAllBytes(root.resolve(p.substring(1))));
                } catch (IOException e) {
                    LOG.warn("cannot read the error page {}: {}", p, e.toString());
                }
            }
        }
        errorPages = Map.copyOf(pages);
    }

    private WatchService watch() {
        try {
            WatchService service = FileSystems.getDefault().newWatchService();
            register(service);
            Thread t = new Thread(() -> follow(service), "lindy-public-watcher");
            t.setDaemon(true);
            t.start();
            return service;
        } catch (IOException e) {
            LOG.warn("files added to {} later will not be served: cannot watch it: {}", root, e.toString());
            return null;
        }
    }

    private void register(WatchService service) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : (Iterable<Path>) dirs.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))::iterator) {
                dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            }
        }
    }

    private void follow(WatchService service) {
        try {
            for (;;) {
                WatchKey key = service.take();
                key.pollEvents();
                key.reset();
                for (WatchKey more = service.poll(); more != null; more = service.poll()) {
                    more.pollEvents();
                    more.reset();
                }
                register(service);
                rescan();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("stopped watching the public directory {}: {}", root, e.toString());
        }
    }

    /** Stops the watcher. */
    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("closing the public watcher: {}", e.toString());
            }
        }
    }
}
