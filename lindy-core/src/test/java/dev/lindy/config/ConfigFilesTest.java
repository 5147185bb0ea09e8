package dev.lindy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Settings;
import dev.lindy.config.internal.SettingsFiles;
import dev.lindy.session.CookieSessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration files: config.yml, then the environment's file over it, ${VAR} from the environment,
 * Lindy's section strict (file, line and key in every error), the rest the app's.
 */
class ConfigFilesTest {
    @TempDir
    Path dir;

    private static final Function<String, String> ENV = Map.of("DB_HOST", "db.internal", "PORT", "8081")::get;

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Settings load(String env) {
        return SettingsFiles.load(Settings.builder(), dir, env, ENV);
    }

    @Test
    void theEnvironmentsFileGoesOverTheMainOneAndVariablesComeFromTheEnvironment() throws IOException {
        write("config.yml", "lindy:\n  port: ${PORT:-3000}\n  asyncDeadline: 5s\n  session:\n    cookie: shop\n"
                + "db:\n  url: jdbc:postgresql://${DB_HOST}/shop\n  pool: 10\n  ssl: false\n"
                + "cache:\n  ttl: 250ms\n  max: 10MiB\n  tags: [a, b]\n");
        write("environments/production.yml", "lindy:\n  development: false\n  maxBodyBytes: 1MiB\ndb:\n  pool: 50\n");
        Settings s = load("production");
        assertEquals(8081, s.port());
        assertEquals(Duration.ofSeconds(5), s.asyncDeadline());
        assertEquals(1024 * 1024, s.maxBodyBytes());
        assertEquals("shop", s.sessionCookie());
        assertEquals("production", s.environment());
        Config c = s.config();
        assertEquals("jdbc:postgresql://db.internal/shop", c.get("db.url"));
        assertEquals(50, c.getInt("db.pool", 1));
        assertEquals(false, c.getBoolean("db.ssl", true));
        assertEquals(Duration.ofMillis(250), c.getDuration("cache.ttl", null));
        assertEquals(10L * 1024 * 1024, c.getBytes("cache.max", 0));
        assertEquals(List.of("a", "b"), c.getList("cache.tags"));
        assertEquals("fallback", c.get("missing.key", "fallback"));
        assertEquals(false, c.has("lindy.port"), "Lindy's section is not the app's");
        assertEquals(10, load("development").config().getInt("db.pool", 1));
    }

    @Test
    void anUnknownLindyKeyStopsTheAppWithTheFileTheLineAndAHint() throws IOException {
        write("config.yml", "lindy:\n  port: 3000\n  asyncDeadlin: 5s\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().contains("config.yml line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("lindy.asyncDeadlin"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean lindy.asyncDeadline?"), e.getMessage());
    }

    @Test
    void aWrongTypeStopsTheAppNamingFileLineAndKey() throws IOException {
        write("config.yml", "lindy:\n  port: many\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().contains("config.yml line 2") && e.getMessage().contains("port")
                && e.getMessage().contains("many"), e.getMessage());
        write("config.yml", "lindy:\n  idleTimeout: 30\n");
        e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().contains("a duration such as 30s"), e.getMessage());
        write("config.yml", "lindy:\n  port: 70000\n");
        e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("port out of range"), e.getMessage());
    }

    @Test
    void malformedYamlStopsTheAppNamingTheFile() throws IOException {
        write("environments/staging.yml", "lindy:\n  port: [3000\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("staging"));
        assertTrue(e.getMessage().startsWith("environments/staging.yml"), e.getMessage());
        write("config.yml", "lindy: 3\n");
        assertThrows(ConfigException.class, () -> load("development"));
        write("config.yml", "db:\n  url: a\n  url: b\n");
        e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
    }

    @Test
    void anUnsetVariableWithoutADefaultStopsTheApp() throws IOException {
        write("config.yml", "db:\n  password: ${DB_PASSWORD}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().contains("DB_PASSWORD is not set") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void theCookieSessionStoreNeedsSecretsAndGetsThemFromTheFiles() throws IOException {
        write("config.yml", "lindy:\n  session:\n    store: cookie\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("production"));
        assertTrue(e.getMessage().contains("lindy.secrets has none"), e.getMessage());
        write("environments/production.yml", "lindy:\n  secrets: [\"0123456789abcdef0123456789abcdef-new\"]\n");
        assertTrue(load("production").sessionStore() instanceof CookieSessionStore);
    }

    @Test
    void noFilesMeansTheDefaultsAndAnEmptyConfig() {
        Settings s = load("development");
        assertEquals(3000, s.port());
        assertTrue(s.config().asMap().isEmpty());
        assertEquals(dir.toAbsolutePath().normalize(), s.appDir());
    }

    @Test
    void theFileSystemRootIsNeverTheAppDirectory() {
        Path root = dir.getRoot();
        assertThrows(IllegalArgumentException.class, () -> Settings.builder().appDir(root));
    }

    @Test
    void appValuesOfTheWrongTypeSayWhereTheyCameFrom() throws IOException {
        write("config.yml", "db:\n  pool: lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("development").config().getInt("db.pool", 1));
        assertTrue(e.getMessage().contains("config.yml line 2") && e.getMessage().contains("db.pool"), e.getMessage());
    }
}
