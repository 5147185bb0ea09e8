package dev.lindy.config.internal;

import dev.lindy.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads an app's configuration files: {@code config.yml} in the app directory, then
 * {@code environments/<env>.yml} over it (maps merge key by key, anything else is replaced). Strings may
 * name environment variables: {@code ${DB_URL}}, {@code ${PORT:-3000}}, a default holding variables of its
 * own such as {@code ${PORT:-${DEFAULT_PORT}}}, and <code>$${</code> for a literal <code>${</code>. Every value
 * remembers the file and line it came from, so that errors can say where to look.
 *
 * <p>A file is small and plain: at most 1 MiB, lists and maps nested at most 64 deep, at most 10 aliases
 * of lists or maps (each use copies what it names), at most 100,000 values once aliases are copied, and no
 * alias inside what it names. Anything else is a {@link ConfigException} naming the file, and the line
 * where it can.
 */
public final class ConfigFiles {
    /** The largest file, in bytes, and so in code points. */
    static final int MAX_FILE_BYTES = 1024 * 1024;
    /** How deep lists and maps may nest; the YAML composer recurses once a level. */
    static final int MAX_DEPTH = 64;
    /** How many aliases of lists or maps a file may hold. */
    static final int MAX_COLLECTION_ALIASES = 10;
    /** How many values a file may hold once its aliases are copied. */
    static final int MAX_VALUES = 100_000;

    private final Map<String, Object> tree = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final List<Path> read = new ArrayList<>();
    private final Function<String, String> environment;
    private final Set<Node> converting = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    private ConfigFiles(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Reads the files that exist, in order.
     *
     * @param appDir the app directory
     * @param env the environment's name, such as {@code development}
     * @param environment the environment variables, usually {@code System::getenv}
     * @return what was read
     * @throws ConfigException if a file is malformed or names an unset variable without a default
     * @throws IllegalArgumentException if {@code env} is not an environment's name
     */
    public static ConfigFiles read(Path appDir, String env, Function<String, String> environment) {
        EnvironmentNames.check(env);
        ConfigFiles files = new ConfigFiles(environment);
        files.readFile(appDir, Path.of("config.yml"));
        files.readFile(appDir, Path.of("environments", env + ".yml"));
        return files;
    }

    /**
     * Returns the merged tree.
     *
     * @return nested maps, lists and scalars
     */
    public Map<String, Object> tree() {
        return Collections.unmodifiableMap(tree);
    }

    /**
     * Returns where each dotted key came from.
     *
     * @return for example {@code lindy.port -> config.yml line 3}
     */
    public Map<String, String> origins() {
        return Collections.unmodifiableMap(origins);
    }

    /**
     * Returns the files that were read.
     *
     * @return the paths, relative to the app directory, in reading order
     */
    public List<Path> files() {
        return List.copyOf(read);
    }

    private void readFile(Path appDir, Path relative) {
        Path file = appDir.resolve(relative);
        if (!Files.isRegularFile(file)) {
            return;
        }
        String name = relative.toString().replace('\\', '/');
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(name + ": " + size + " bytes, more than the " + MAX_FILE_BYTES
                        + " a configuration file may hold");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot be read: " + e.getMessage(), e);
        }
        LoadSettings settings = LoadSettings.builder().setLabel(name).setCodePointLimit(MAX_FILE_BYTES)
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES).build();
        Optional<Node> root;
        try {
            checkShape(name, settings, text);
            root = new Compose(settings).composeString(text);
        } catch (YamlEngineException e) {
            throw new ConfigException(name + ": not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        read.add(relative);
        if (root.isEmpty()) {
            return;
        }
        if (!(root.get() instanceof MappingNode)) {
            throw new ConfigException(where(name, root.get()) + ": the file must be a map of keys to values");
        }
        values = 0;
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value(name, root.get(), "");
        merge(tree, map);
    }

    // Refuses, before composing, what would exhaust the stack or the heap: deep nesting (the composer
    // recurses, the parser does not), many aliases of lists or maps (each copies what it names) and an alias
    // inside the list or map it names. An anchor names the latest node that took it, as in the composer.
    private static void checkShape(String name, LoadSettings settings, String text) {
        Map<String, Anchored> anchors = new HashMap<>();
        Deque<Optional<Anchored>> open = new ArrayDeque<>();
        int aliases = 0;
        for (Event e : new Parse(settings).parseString(text)) {
            if (e instanceof CollectionStartEvent start) {
                open.push(start.getAnchor().map(a -> Anchored.put(anchors, a.getValue(), true)));
                if (open.size() > MAX_DEPTH) {
                    throw new ConfigException(where(name, e.getStartMark()) + ": lists and maps nest more than "
                            + MAX_DEPTH + " deep");
                }
            } else if (e instanceof CollectionEndEvent) {
                open.pop().ifPresent(a -> a.open = false);
            } else if (e instanceof ScalarEvent scalar) {
                scalar.getAnchor().ifPresent(a -> Anchored.put(anchors, a.getValue(), false));
            } else if (e instanceof AliasEvent alias) {
                Anchored named = anchors.get(alias.getAlias().getValue());
                if (named == null || !named.collection) {
                    continue;
                }
                if (named.open) {
                    throw new ConfigException(where(name, e.getStartMark()) + ": the alias *" + alias.getAlias()
                            .getValue() + " is used inside the list or map it names, which would never end");
                }
                if (++aliases > MAX_COLLECTION_ALIASES) {
                    throw new ConfigException(where(name, e.getStartMark()) + ": more than " + MAX_COLLECTION_ALIASES
                            + " aliases of lists or maps; each one copies what it names, so a configuration file"
                            + " may hold only a few");
                }
            }
        }
    }

    /** What an anchor names, while the parser reads on. */
    private static final class Anchored {
        final boolean collection;
        boolean open;

        private Anchored(boolean collection) {
            this.collection = collection;
            this.open = collection;
        }

        static Anchored put(Map<String, Anchored> anchors, String name, boolean collection) {
            Anchored a = new Anchored(collection);
            anchors.put(name, a);
            return a;
        }
    }

    private Map<String, Object> map(String file, MappingNode node, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                throw new ConfigException(where(file, t.getKeyNode()) + ": keys must be plain words");
            }
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            String dotted = prefix.isEmpty() ? key : prefix + "." + key;
            if (out.containsKey(key)) {
                throw new ConfigException(where(file, t.getKeyNode()) + ", " + dotted + ": the key appears twice");
            }
            origins.put(dotted, where(file, t.getValueNode()));
            out.put(key, value(file, t.getValueNode(), dotted));
        }
        return out;
    }

    private Object value(String file, Node node, String dotted) {
        if (++values > MAX_VALUES) {
            throw new ConfigException(at(file, node, dotted) + ": the file holds more than " + MAX_VALUES
                    + " values, counting what aliases copy");
        }
        if (node instanceof MappingNode || node instanceof SequenceNode) {
            // An alias yields the very node it names, so meeting a node again on the way down is a cycle; the
            // parse before composing refuses those, and this keeps one from ever recursing without end.
            if (!converting.add(node)) {
                String alias = node.getAnchor().map(a -> "the alias *" + a.getValue()).orElse("an alias");
                throw new ConfigException(at(file, node, dotted) + ": " + alias + " is used inside the list or"
                        + " map it names, which would never end");
            }
            try {
                return node instanceof MappingNode mapping ? map(file, mapping, dotted)
                        : list(file, (SequenceNode) node, dotted);
            } finally {
                converting.remove(node);
            }
        }
        ScalarNode scalar = (ScalarNode) node;
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            return Boolean.parseBoolean(text);
        }
        if (tag.equals(Tag.INT)) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return text;
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return Variables.expand(text, environment, at(file, node, dotted));
    }

    private List<Object> list(String file, SequenceNode node, String dotted) {
        List<Object> list = new ArrayList<>();
        for (Node item : node.getValue()) {
            list.add(value(file, item, dotted));
        }
        return Collections.unmodifiableList(list);
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> over) {
        over.forEach((k, v) -> {
            Object old = into.get(k);
            if (old instanceof Map && v instanceof Map) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) old);
                merge(copy, (Map<String, Object>) v);
                into.put(k, copy);
            } else {
                into.put(k, v);
            }
        });
    }

    private static String at(String file, Node node, String dotted) {
        return dotted.isEmpty() ? where(file, node) : where(file, node) + ", " + dotted;
    }

    private static String where(String file, Node node) {
        return where(file, node.getStartMark());
    }

    private static String where(String file, Optional<Mark> mark) {
        return mark.map(m -> file + " line " + (m.getLine() + 1)).orElse(file);
    }
}
