package dev.lindy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defaults that come from the process (the environment from LINDY_ENV, the app directory from the
 * working directory), environment names, and the secrets an app needs before it starts.
 */
class SettingsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private Settings.Builder builder(Function<String, String> variables) {
        return Settings.builder(variables, dir);
    }

    @Test
    void theEnvironmentComesFromLindyEnvUnlessSet() {
        assertEquals("production", builder(Map.of("LINDY_ENV", "production")::get).build().environment());
        assertEquals("staging", builder(Map.of("LINDY_ENV", " staging ")::get).build().environment());
        assertEquals("development", builder(Map.of("LINDY_ENV", " ")::get).build().environment());
        assertEquals("development", builder(name -> null).build().environment());
        assertEquals("test", builder(Map.of("LINDY_ENV", "production")::get).environment("test").build().environment());
    }

    @Test
    void anEnvironmentNameIsLettersDigitsDashesUnderscoresAndInnerDots() {
        for (String name : List.of("../../evil", "..", "a/b", "a\\b", ".hidden", "", "pro duction")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Settings.builder().environment(name), name);
            assertTrue(e.getMessage().contains("not an environment's name"), e.getMessage());
        }
        assertEquals("eu.staging-2_b", Settings.builder().environment("eu.staging-2_b").build().environment());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder(Map.of("LINDY_ENV", "../../evil")::get).build());
        assertTrue(e.getMessage().startsWith("LINDY_ENV is '../../evil', which is not an environment's name"),
                e.getMessage());
        assertEquals("production", builder(Map.of("LINDY_ENV", "../../evil")::get).environment("production")
                .secrets(List.of(SECRET)).build().environment(), "a name set in code wins over LINDY_ENV");
    }

    @Test
    void theWorkingDirectoryIsNoAppDirectoryWhenItIsTheFileSystemRoot() {
        Path root = dir.getRoot();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Settings.builder(name -> null, root).build());
        assertTrue(e.getMessage().contains("may not be the file system root"), e.getMessage());
        assertEquals(dir, Settings.builder(name -> null, root).appDir(dir).build().appDir());
        assertEquals(dir, builder(name -> null).build().appDir());
    }

    @Test
    void anAppOutsideDevelopmentAndTestWillNotStartWithoutSecrets() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Lindy.app(Settings.builder().environment("production").build()));
        assertTrue(e.getMessage().contains("the production environment has no secrets")
                && e.getMessage().contains("lindy.secrets") && e.getMessage().contains("Settings.Builder.secrets"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> Lindy.app(builder(Map.of("LINDY_ENV", "staging")::get).build()));
        assertEquals(List.of(SECRET),
                Lindy.app(Settings.builder().environment("production").secrets(List.of(SECRET)).build()).settings().secrets());
        assertDoesNotThrow(() -> Lindy.app(Settings.builder().environment("test").build()));
        assertDoesNotThrow(() -> Lindy.app(builder(name -> null).build()), "development");
    }
}
