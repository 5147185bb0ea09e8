package dev.lindy.starter;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lindy's app generator, Dancer's {@code dancer -a MyApp}: {@code java -jar lindy.jar new my-app} makes a
 * directory holding a Maven project that depends on the starter, with {@code config.yml} and its
 * environments, a page in a layout, a stylesheet, a {@code Main} with a blocking and an async route, and
 * a test. It only writes files: it needs nothing but the JDK.
 */
public final class NewApp {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "false", "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "null", "package", "private", "protected", "public", "return",
            "short", "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient",
            "true", "try", "void", "volatile", "while", "var", "record", "yield", "sealed", "permits", "non-sealed", "_");
    // Each file of the skeleton, from its resource to its place in the app; Java sources go under the package.
    private static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("pom.xml", "pom.xml");
        FILES.put("README.md", "README.md");
        FILES.put("gitignore", ".gitignore");
        FILES.put("config.yml", "config.yml");
        FILES.put("environments/development.yml", "environments/development.yml");
        FILES.put("environments/production.yml", "environments/production.yml");
        FILES.put("views/index.peb", "views/index.peb");
        FILES.put("views/layouts/main.peb", "views/layouts/main.peb");
        FILES.put("public/css/style.css", "public/css/style.css");
        FILES.put("src-main/Main.java", "src/main/java/@@packagePath@@/Main.java");
        FILES.put("src-test/MainTest.java", "src/test/java/@@packagePath@@/MainTest.java");
    }

    private NewApp() {
    }

    /**
     * Runs the command line: {@code new <directory> [--package <java.package>] [--group <groupId>]}.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line, printing to the given streams.
     *
     * @param args the arguments
     * @param out where the result is said
     * @param err where a mistake is said
     * @return the exit status: 0 when the app was made
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !args[0].equals("new")) {
            err.println("usage: java -jar lindy.jar new <directory> [--package com.example.myapp] [--group com.example]");
            return 2;
        }
        Path dir = Path.of(args[1]);
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        String pkg = null;
        String group = null;
        for (int i = 2; i < args.length; i++) {
            if (i + 1 >= args.length) {
                err.println("the option " + args[i] + " needs a value");
                return 2;
            }
            switch (args[i]) {
                case "--package":
                    pkg = args[++i];
                    break;
                case "--group":
                    group = args[++i];
                    break;
                default:
                    err.println("unknown option " + args[i] + "; the options are --package and --group");
                    return 2;
            }
        }
        try {
            Path made = create(dir, name, pkg, group);
            out.println("Made " + made + ". Next:");
            out.println("  cd " + dir + " && mvn -q compile exec:java     # http://localhost:3000");
            out.println("  mvn test");
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            err.println("could not write the app: " + e.getCause().getMessage());
            return 1;
        }
    }

    /**
     * Makes an app directory.
     *
     * @param dir the directory to make; it must not exist, or be empty
     * @param name the app's name: lowercase words joined by {@code -}, its Maven artifact id
     * @param pkg the Java package of its code, or null for {@code com.example.} and the name without dashes
     * @param group the Maven group id, or null for the package
     * @return the directory made
     * @throws IllegalArgumentException if a name or package is not valid, or the directory holds files
     */
    public static Path create(Path dir, String name, String pkg, String group) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not an app name: lowercase letters and digits,"
                    + " words joined by '-', starting with a letter (for example my-app)");
        }
        String javaPackage = pkg != null ? pkg : "com.example." + name.replace("-", "");
        checkPackage(javaPackage);
        String groupId = group != null ? group : javaPackage;
        if (!Pattern.matches("[A-Za-z0-9_.-]+", groupId)) {
            throw new IllegalArgumentException("'" + groupId + "' is not a Maven group id");
        }
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw new IllegalArgumentException(dir + " exists and is not empty: choose a new directory");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("@@name@@", name);
        values.put("@@package@@", javaPackage);
        values.put("@@packagePath@@", javaPackage.replace('.', '/'));
        values.put("@@group@@", groupId);
        values.put("@@lindyVersion@@", lindyVersion());
        try {
            for (Map.Entry<String, String> f : FILES.entrySet()) {
                Path target = dir.resolve(fill(f.getValue(), values));
                Files.createDirectories(target.getParent());
                Files.writeString(target, fill(resource(f.getKey()), values), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.toAbsolutePath().normalize();
    }

    private static void checkPackage(String pkg) {
        for (String part : pkg.split("\\.", -1)) {
            if (!IDENTIFIER.matcher(part).matches() || KEYWORDS.contains(part)) {
                throw new IllegalArgumentException("'" + pkg + "' is not a Java package name ('" + part + "')");
            }
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fill(String text, Map<String, String> values) {
        String out = text;
        for (Map.Entry<String, String> v : values.entrySet()) {
            out = out.replace(v.getKey(), v.getValue());
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = NewApp.class.getResourceAsStream("skeleton/" + name)) {
            if (in == null) {
                throw new IOException("the skeleton file " + name + " is missing from Lindy's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Returns the version of Lindy this generator belongs to, which the new app depends on. */
    static String lindyVersion() {
        try (InputStream in = NewApp.class.getResourceAsStream("lindy.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version");
            if (v == null || v.startsWith("$")) {
                throw new IllegalStateException("Lindy's version is missing from its jar");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
