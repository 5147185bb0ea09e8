package dev.lindy.pebble;

import dev.lindy.view.TemplateEngine;
import dev.lindy.view.TemplateEngineProvider;
import dev.lindy.view.TemplateException;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lindy's templates through Pebble: {@code views/<name>.peb}, HTML autoescaped, Pebble's own
 * {@code extends}, blocks and {@code include} working as usual.
 *
 * <p>Every template under the views directory is compiled when the engine is made, so rendering reads no
 * file and may run on an event loop. In development mode a watcher thread compiles them all again when a
 * file changes, and swaps the new set in whole. A template that does not compile keeps its error, with file
 * and line, for the render that asks for it.
 */
public final class PebbleTemplates implements TemplateEngine, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PebbleTemplates.class);
    private static final String SUFFIX = ".peb";

    private final Path views;
    private volatile Compiled compiled;
    private final WatchService watcher;

    /** Finds this engine for {@link java.util.ServiceLoader}. */
    public static final class Provider implements TemplateEngineProvider {
        /** Creates the provider; ServiceLoader calls this. */
        public Provider() {
        }

        @Override
        public TemplateEngine create(Path views, boolean development) {
            return new PebbleTemplates(views, development);
        }
    }

    /**
     * Compiles every template of a views directory.
     *
     * @param views the directory
     * @param development true to compile again whenever a file changes
     */
    public PebbleTemplates(Path views, boolean development) {
        this.views = views.toAbsolutePath().normalize();
        this.compiled = compile(this.views);
        this.watcher = development && Files.isDirectory(this.views) ? watch() : null;
    }

    @Override
    public String render(String name, Map<String, Object> model) {
        Compiled c = compiled;
        PebbleTemplate template = c.templates.get(name);
        if (template == null) {
            TemplateException error = c.errors.get(name);
            if (error != null) {
                throw error;
            }
            throw new TemplateException(file(name) + ": no such template", null);
        }
        StringWriter out = new StringWriter();
        try {
            template.evaluate(out, model);
        } catch (PebbleException e) {
            throw new TemplateException(where(e, name) + ": " + e.getPebbleMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new TemplateException(file(name) + ": " + e, e);
        }
        return out.toString();
    }

    @Override
    public boolean exists(String name) {
        Compiled c = compiled;
        return c.templates.containsKey(name) || c.errors.containsKey(name);
    }

    /** Stops watching the files, in development mode. */
    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("closing the template watcher: {}", e.toString());
            }
        }
    }

    private String file(String name) {
        return "views/" + name + SUFFIX;
    }

    private String where(PebbleException e, String name) {
        String reported = e.getFileName() == null ? null : e.getFileName().replace('\\', '/');
        String file = reported == null ? file(name) : "views/" + reported + (reported.endsWith(SUFFIX) ? "" : SUFFIX);
        return e.getLineNumber() == null ? file : file + " line " + e.getLineNumber();
    }

    private Compiled compile(Path dir) {
        CompiledOnlyLoader loader = new CompiledOnlyLoader(dir.toString(), SUFFIX);
        PebbleEngine engine = new PebbleEngine.Builder().loader(loader).cacheActive(true).build();
        Map<String, PebbleTemplate> templates = new HashMap<>();
        Map<String, TemplateException> errors = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(SUFFIX) && Files.isRegularFile(p)).forEach(p -> {
                    String rel = dir.relativize(p).toString().replace('\\', '/');
                    String name = rel.substring(0, rel.length() - SUFFIX.length());
                    try {
                        templates.put(name, engine.getTemplate(name));
                    } catch (PebbleException e) {
                        TemplateException error = new TemplateException(where(e, name) + ": " + e.getPebbleMessage(), e);
                        errors.put(name, error);
                        LOG.error("template {} does not compile: {}", file(name), error.getMessage());
                    }
                });
            } catch (IOException e) {
                throw new TemplateException("views: cannot be read: " + e.getMessage(), e);
            }
        }
        loader.freeze();
        return new Compiled(Map.copyOf(templates), Map.copyOf(errors));
    }

    private WatchService watch() {
        try {
            WatchService service = FileSystems.getDefault().newWatchService();
            register(service);
            Thread t = new Thread(() -> recompileOnChange(service), "lindy-template-watcher");
            t.setDaemon(true);
            t.start();
            return service;
        } catch (IOException e) {
            LOG.warn("templates will not reload: cannot watch {}: {}", views, e.toString());
            return null;
        }
    }

    private void register(WatchService service) throws IOException {
        try (Stream<Path> dirs = Files.walk(views)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void recompileOnChange(WatchService service) {
        try {
            for (;;) {
                WatchKey key = service.take();
                // Editors write a file in several steps: let them settle, then take every pending event at once.
                Thread.sleep(50);
                key.pollEvents();
                key.reset();
                for (WatchKey more = service.poll(); more != null; more = service.poll()) {
                    more.pollEvents();
                    more.reset();
                }
                register(service);
                compiled = compile(views);
                LOG.info("templates compiled again after a change in {}", views);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("templates stopped reloading: {}", e.toString());
        }
    }

    private record Compiled(Map<String, PebbleTemplate> templates, Map<String, TemplateException> errors) {
    }
}
