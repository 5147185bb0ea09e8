package dev.lindy.config.internal;

import dev.lindy.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
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
 * name environment variables, {@code ${DB_URL}} or {@code ${PORT:-3000}}. Every value remembers the file
 * and line it came from, so that errors can say where to look.
 */
public final class ConfigFiles {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, Object> tree = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final List<Path> read = new ArrayList<>();
    private final Function<String, String> environment;

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
     */
    public static ConfigFiles read(Path appDir, String env, Function<String, String> environment) {
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
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot be read: " + e.getMessage(), e);
        }
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(name).build()).composeString(text);
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
        merge(tree, map(name, (MappingNode) root.get(), ""));
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
        if (node instanceof MappingNode) {
            return map(file, (MappingNode) node, dotted);
        }
        if (node instanceof SequenceNode) {
            List<Object> list = new ArrayList<>();
            for (Node item : ((SequenceNode) node).getValue()) {
                list.add(value(file, item, dotted));
            }
            return Collections.unmodifiableList(list);
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
        return substitute(file, node, dotted, text);
    }

    private String substitute(String file, Node node, String dotted, String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new ConfigException(where(file, node) + ", " + dotted + ": the environment variable "
                        + m.group(1) + " is not set (write ${" + m.group(1) + ":-default} to give a default)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
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

    private static String where(String file, Node node) {
        Optional<Mark> mark = node.getStartMark();
        return mark.map(m -> file + " line " + (m.getLine() + 1)).orElse(file);
    }
}
