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
    void aDefaultMayHoldAVariableAndIsReadOnlyWhenItsVariableIsUnset() throws IOException {
        write("config.yml", "a: ${UNSET:-${PORT}}\nb: ${UNSET:-${ALSO_UNSET:-x}}\nc: ${PORT:-${ALSO_UNSET}}\n"
                + "d: \"${UNSET:-}-${DB_HOST}:${PORT}\"\n");
        Config c = load("development").config();
        assertEquals("8081", c.get("a"));
        assertEquals("x", c.get("b"));
        assertEquals("8081", c.get("c"), "a default that is not needed is not read");
        assertEquals("-db.internal:8081", c.get("d"));
        write("config.yml", "db:\n  host: ${UNSET:-${ALSO_UNSET}}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().contains("config.yml line 2, db.host") && e.getMessage().contains("ALSO_UNSET is not set"),
                e.getMessage());
    }

    @Test
    void anUnclosedOrMalformedVariableStopsTheAppNamingFileLineAndKey() throws IOException {
        write("config.yml", "db:\n  url: x\n  home: ${HOME\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().startsWith("config.yml line 3, db.home: '${HOME' is not closed"), e.getMessage());
        write("config.yml", "db:\n  home: ${UNSET:-${PORT}\n");
        e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().startsWith("config.yml line 2, db.home: '${UNSET:-${PORT}' is not closed"), e.getMessage());
        write("config.yml", "db:\n  home: ${1HOME}\n");
        e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().startsWith("config.yml line 2, db.home: '${1HOME}' is not a variable"), e.getMessage());
        write("config.yml", "db:\n  home: ${PORT:3000}\n");
        e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().contains("'${PORT:3000}' is not a variable"), e.getMessage());
    }

    @Test
    void aDoubledDollarWritesALiteralVariable() throws IOException {
        write("config.yml", "greeting: \"$${PORT} stays, ${PORT} does not, $$ and } too\"\n");
        assertEquals("${PORT} stays, 8081 does not, $$ and } too", load("development").config().get("greeting"));
    }

    @Test
    void aFewAliasesAreCopiesOfWhatTheyName() throws IOException {
        write("config.yml", "defaults: &defaults\n  pool: 5\n  hosts: [a, b]\ndev: *defaults\ntest: *defaults\n");
        Config c = load("development").config();
        assertEquals(5, c.getInt("test.pool", 0));
        assertEquals(List.of("a", "b"), c.getList("dev.hosts"));
    }

    @Test
    void anAliasBombStopsTheAppAtTheAliasThatGoesOverTheLimit() throws IOException {
        StringBuilder bomb = new StringBuilder("l0: &l0 [lol, lol]\n");
        for (int i = 1; i < 24; i++) {
            bomb.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l")
                    .append(i - 1).append("]\n");
        }
        write("config.yml", bomb.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().startsWith("config.yml line 7: more than 10 aliases of lists or maps"), e.getMessage());
    }

    @Test
    void whatAFewAliasesCopyIsCountedToo() throws IOException {
        String big = "big: &big [" + "1, ".repeat(20_000) + "1]\n";
        write("config.yml", big + "copies: [*big, *big, *big, *big, *big]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().contains("config.yml line 1, copies: the file holds more than 100000 values"),
                e.getMessage());
    }

    @Test
    void anAliasInsideWhatItNamesStopsTheAppNamingFileLineAndKey() throws IOException {
        write("config.yml", "ok: 1\na: &a [1, *a]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().startsWith("config.yml line 2: the alias *a is used inside the list or map it names"),
                e.getMessage());
        write("config.yml", "db:\n  b: &b\n    c: *b\n");
        e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().startsWith("config.yml line 3: the alias *b"), e.getMessage());
        write("config.yml", "&root\nx: [1, *root]\n");
        e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().startsWith("config.yml line 2: the alias *root"), e.getMessage());
        write("config.yml", "a: &a [1, &a [2], *a]\n");
        assertEquals(List.of(1L, List.of(2L), List.of(2L)), load("development").config().asMap().get("a"),
                "an anchor named again names the latest node");
    }

    @Test
    void deepNestingAndHugeFilesStopTheAppNamingTheFile() throws IOException {
        write("config.yml", "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().startsWith("config.yml line 1: lists and maps nest more than 64 deep"), e.getMessage());
        write("config.yml", "a: 1\n" + "#".repeat(1024 * 1024) + "\n");
        e = assertThrows(ConfigException.class, () -> load("development"));
        assertTrue(e.getMessage().startsWith("config.yml: 1048582 bytes, more than the 1048576"), e.getMessage());
    }

    @Test
    void anEnvironmentNameCannotLeaveTheEnvironmentsDirectory() throws IOException {
        write("evil.yml", "lindy:\n  port: 1\n");
        Path app = Files.createDirectories(dir.resolve("app"));
        for (String name : List.of("../../evil", "../evil", "a/b", "a\\b", ".hidden", "", " ")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SettingsFiles.load(Settings.builder(), app, name, ENV), name);
            assertTrue(e.getMessage().contains("not an environment's name"), e.getMessage());
        }
        assertEquals("staging.eu-2_b", SettingsFiles.load(Settings.builder(), app, "staging.eu-2_b", ENV).environment());
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
