package dev.lindy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Settings;
import dev.lindy.config.ConfigException;
import dev.lindy.test.PendingResponse;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotesTest {
    private static final Path DIR = Path.of("app");

    private static String csrf(String page) {
        return page.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
    }

    @Test
    void aUserLogsInWritesANoteAndReadsItThroughTheApi() {
        try (TestHost host = TestHost.inProcess(Notes.app(DIR))) {
            TestClient c = host.client();
            String token = csrf(c.get("/").send().text());
            assertEquals(401, c.post("/login").form("name", "ann", "password", "wrong", "_csrf", token).send().status());
            assertEquals(403, c.post("/login").form("name", "ann", "password", "tea").send().status(), "a form without its token");
            TestResponse login = c.post("/login").form("name", "ann", "password", "tea", "_csrf", token).send();
            assertEquals(302, login.status());
            String home = c.get("/").send().text();
            assertTrue(home.contains("Hello, ann."), home);
            assertEquals(302, c.post("/notes").form("text", "<b>tea</b> at five", "_csrf", csrf(home)).send().status());
            assertTrue(c.get("/").send().text().contains("<b>ann</b>: &lt;b&gt;tea&lt;/b&gt; at five"));
            TestResponse created = c.post("/api/notes").json("{\"text\": \"from a script\"}").send();
            assertEquals(201, created.status());
            assertTrue(created.header("Location").endsWith("/api/notes/2"), created.header("Location"));
            assertTrue(c.get("/api/notes").send().text().contains("\"text\":\"from a script\""));
            assertEquals("nosniff", c.get("/api/notes/1").send().header("X-Content-Type-Options"));
            assertEquals(404, c.get("/api/notes/99").send().status());
        }
    }

    @Test
    void theApiWantsALoginAndTheLongPollAnswersWhenANoteArrives() {
        try (TestHost host = TestHost.inProcess(Notes.app(DIR))) {
            assertEquals(401, host.client().get("/api/notes").send().status());
            TestClient c = host.client();
            String token = csrf(c.get("/").send().text());
            c.post("/login").form("name", "bob", "password", "cake", "_csrf", token).send();
            PendingResponse waiting = c.get("/api/notes/wait?seen=0").sendAsync();
            host.clock().advance(Duration.ofMillis(400));
            c.post("/api/notes").json("{\"text\": \"news\"}").send();
            host.clock().advance(Duration.ofMillis(200));
            String news = waiting.await().text();
            assertTrue(news.contains("\"text\":\"news\""), news);
            assertEquals(400, c.get("/api/notes/wait?seen=lots").send().status());
            TestResponse missing = c.get("/nowhere").send();
            assertEquals(404, missing.status());
            assertTrue(missing.text().contains("Nothing at /nowhere."), missing.text());
        }
    }

    @Test
    void productionWillNotStartWithoutItsSecret() {
        ConfigException e = assertThrows(ConfigException.class, () -> Settings.load(DIR, "production"));
        assertTrue(e.getMessage().contains("NOTES_SECRET is not set"), e.getMessage());
    }

    @Test
    void pagesComeInTheLayoutWithTheStylesheetAndFilesGoUpAndComeBack() {
        try (TestHost host = TestHost.inProcess(Notes.app(DIR))) {
            TestClient c = host.client();
            String login = c.get("/").send().text();
            assertTrue(login.contains("<title>Lindy Notes</title>") && login.contains("/css/notes.css"), login);
            TestResponse css = c.get("/css/notes.css").send();
            assertEquals(200, css.status());
            assertTrue(css.header("Content-Type").startsWith("text/css"), css.header("Content-Type"));
            c.post("/login").form("name", "ann", "password", "tea", "_csrf", csrf(login)).send();
            String home = c.get("/").send().text();
            assertTrue(home.contains("enctype=\"multipart/form-data\""), home);
            String boundary = "NotesBoundary";
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf(home)
                    + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../plan é.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\ntea at five\r\n--" + boundary + "--\r\n";
            TestResponse up = c.post("/files").body("multipart/form-data; boundary=" + boundary, body).send();
            assertEquals(302, up.status(), up.text());
            assertTrue(c.get("/").send().text().contains("plan é.txt</a> (11 bytes, from ann)"));
            TestResponse down = c.get("/files/1").send();
            assertEquals(200, down.status());
            assertEquals("tea at five", down.text());
            assertTrue(down.header("Content-Disposition").startsWith("attachment"), down.header("Content-Disposition"));
            assertEquals(404, c.get("/files/2").send().status());
        }
    }
}
