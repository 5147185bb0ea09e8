package dev.lindy.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's checks and the files it writes; building the app it makes is tested in the examples. */
class NewAppTest {
    @TempDir
    Path temp;

    private static String text(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void makesEveryFileWithTheNamesFilledIn() throws Exception {
        Path app = temp.resolve("todo-list");
        NewApp.create(app, "todo-list", null, null);
        for (String f : new String[] {"pom.xml", ".gitignore", "README.md", "config.yml", "environments/development.yml",
                "environments/production.yml", "views/index.peb", "views/layouts/main.peb", "public/css/style.css",
                "src/main/java/com/example/todolist/Main.java", "src/test/java/com/example/todolist/MainTest.java"}) {
            assertTrue(Files.isRegularFile(app.resolve(f)), f);
            assertFalse(text(app.resolve(f)).contains("@@"), f + " still holds a placeholder");
        }
        String pom = text(app.resolve("pom.xml"));
        assertTrue(pom.contains("<artifactId>todo-list</artifactId>"), pom);
        assertTrue(pom.contains("<lindy.version>" + NewApp.lindyVersion() + "</lindy.version>"), pom);
        assertTrue(text(app.resolve("src/main/java/com/example/todolist/Main.java")).startsWith("package com.example.todolist;"));
        assertTrue(text(app.resolve("environments/production.yml")).contains("${APP_SECRET}"));
        assertTrue(text(app.resolve("views/layouts/main.peb")).contains("{{ content | raw }}"));
    }

    @Test
    void takesAPackageAndAGroup() throws Exception {
        Path app = temp.resolve("shop");
        NewApp.create(app, "shop", "org.acme.shop", "org.acme");
        assertTrue(Files.isRegularFile(app.resolve("src/main/java/org/acme/shop/Main.java")));
        assertTrue(text(app.resolve("pom.xml")).contains("<groupId>org.acme</groupId>"));
    }

    @Test
    void refusesBadNamesPackagesAndFullDirectories() throws Exception {
        for (String name : new String[] {"My-App", "my_app", "-app", "app-", "1app", "my--app", ""}) {
            assertThrows(IllegalArgumentException.class, () -> NewApp.create(temp.resolve("x"), name, null, null), name);
        }
        for (String pkg : new String[] {"com.example.class", "com..example", "com.1x", "com.example.", "a._"}) {
            assertThrows(IllegalArgumentException.class, () -> NewApp.create(temp.resolve("y"), "y", pkg, null), pkg);
        }
        Path full = Files.createDirectories(temp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NewApp.create(full, "full", null, null));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("mine", text(full.resolve("keep.txt")));
    }

    @Test
    void theCommandLineSaysWhatToDoNextOrWhatIsWrong() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, NewApp.run(new String[] {"new", temp.resolve("blog").toString()}, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("mvn test"), out.toString(StandardCharsets.UTF_8));
        assertEquals(2, NewApp.run(new String[] {"create", "x"}, o, e));
        assertEquals(2, NewApp.run(new String[] {"new", temp.resolve("x").toString(), "--colour", "red"}, o, e));
        assertEquals(2, NewApp.run(new String[] {"new", temp.resolve("x").toString(), "--package"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage"), err.toString(StandardCharsets.UTF_8));
    }
}
