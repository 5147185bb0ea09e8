package dev.lindy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.starter.NewApp;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lindy new} makes an app that builds and passes its own test offline, against the Lindy installed
 * in the local Maven repository (the build installs it before this module's tests run).
 */
class NewAppBuildTest {
    @TempDir
    Path temp;

    @Test
    void theGeneratedAppBuildsAndPassesItsTestOffline() throws Exception {
        Path app = NewApp.create(temp.resolve("hello-lindy"), "hello-lindy", null, null);
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-o", "-q", "test"));
        String repository = System.getProperty("lindy.localRepository");
        if (repository != null && !repository.isEmpty()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        Process mvn = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = mvn.getInputStream()) {
                in.transferTo(log);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        assertTrue(mvn.waitFor(5, TimeUnit.MINUTES), "the generated app's build did not end within 5 minutes");
        reader.join();
        String output = log.toString(StandardCharsets.UTF_8);
        assertEquals(0, mvn.exitValue(), "the generated app's build failed (is Lindy installed? mvn install):\n" + output);
        Path report = app.resolve("target/surefire-reports/TEST-com.example.hellolindy.MainTest.xml");
        assertTrue(Files.isRegularFile(report), "its test ran:\n" + output);
        String xml = Files.readString(report, StandardCharsets.UTF_8);
        assertTrue(xml.contains("tests=\"3\"") && xml.contains("failures=\"0\"") && xml.contains("errors=\"0\""), xml);
    }
}
