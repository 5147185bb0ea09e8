package dev.lindy.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet in the READMEs and docs comes from code that compiles: each of its lines appears in
 * the examples' sources (their apps or their tests), so a snippet cannot drift from the code it shows.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyJavaSnippetIsExampleCode() throws IOException {
        Set<String> exampleLines = new HashSet<>();
        try (Stream<Path> sources = Files.walk(ROOT.resolve("examples/src"))) {
            for (Path p : sources.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                Files.readAllLines(p).forEach(l -> exampleLines.add(l.trim()));
            }
        }
        List<String> missing = new ArrayList<>();
        for (Path doc : docs()) {
            boolean inJava = false;
            for (String line : Files.readAllLines(doc)) {
                if (line.startsWith("```")) {
                    inJava = !inJava && line.equals("```java");
                    continue;
                }
                String code = line.trim();
                if (inJava && !code.isEmpty() && !exampleLines.contains(code)) {
                    missing.add(ROOT.relativize(doc) + ": " + code);
                }
            }
        }
        assertTrue(missing.isEmpty(), "snippet lines found in no example:\n" + String.join("\n", missing));
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> modules = Files.list(ROOT)) {
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).forEach(docs::add);
        }
        if (Files.isDirectory(ROOT.resolve("docs"))) {
            try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
                pages.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
            }
        }
        return docs;
    }
}
