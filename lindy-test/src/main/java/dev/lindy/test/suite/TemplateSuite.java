package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templates of {@code views/}: a layout around the view, Lindy's tokens and the before-template hook,
 * autoescaping, rendering from a timer, and errors that name the file and line.
 */
public abstract class TemplateSuite extends HostedSuite {
    @TempDir
    Path dir;

    /** Creates the suite; a subclass names the host it runs on. */
    protected TemplateSuite() {
    }

    private App app(Settings.Builder settings) throws IOException {
        Path views = Files.createDirectories(dir.resolve("views/layouts"));
        Files.writeString(views.resolve("main.peb"),
                "<html><title>{{ title }}</title><body>{{ content | raw }}<footer>{{ year }}</footer></body></html>");
        Files.writeString(dir.resolve("views/news.peb"),
                "<h1>{{ title }}</h1><ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>"
                + "<p>{{ params.who }} {{ vars.mood }} {{ request.path }} {{ uri_base }}</p>");
        Files.writeString(dir.resolve("views/broken.peb"), "line one\n{% for %}\n");
        Files.writeString(dir.resolve("views/404.peb"), "<p>no {{ message }}</p>");
        Files.writeString(dir.resolve("views/child.peb"), "{% extends \"parent\" %}{% block body %}child{% endblock %}");
        Files.writeString(dir.resolve("views/parent.peb"), "<main>{% block body %}parent{% endblock %}</main>");
        Files.writeString(dir.resolve("views/settings.peb"), "[{{ settings.secrets }}][{{ settings.environment }}]"
                + "[{% include which %}]");
        return Lindy.app(settings.appDir(dir).build());
    }

    @Test
    void aViewInItsLayoutRendersFromATimerWithLindysTokens() throws IOException {
        App app = app(Settings.builder().layout("main"));
        app.beforeTemplate((ctx, tokens) -> tokens.put("year", 2026));
        app.async(GET, "/news", ctx -> {
            Responder respond = ctx.respond();
            ctx.var("mood", "glad");
            ctx.after(Duration.ofMillis(10), () -> respond.send(ctx.template("news",
                    Map.of("title", "News & <views>", "items", List.of("one", "<b>two</b>")))));
        });
        TestHost host = serve(app);
        TestResponse r = elapse(host, host.client().get("/news?who=ann"), Duration.ofMillis(10));
        String page = r.text();
        assertTrue(page.startsWith("<html><title>News &amp; &lt;views&gt;</title><body><h1>"), page);
        assertTrue(page.contains("<li>&lt;b&gt;two&lt;/b&gt;</li>"), "not autoescaped: " + page);
        assertTrue(page.contains("<p>ann glad /news </p>"), "uri_base is the base path, empty here: " + page);
        assertTrue(page.endsWith("<footer>2026</footer></body></html>"), page);
    }

    @Test
    void templatesSeeTheAppsSettingsButNeverItsSecretsNorReadTheDiskWhenRendering() throws IOException {
        App app = app(Settings.builder().secrets(List.of("a-secret-that-must-not-show-0123456789")));
        app.get("/settings", ctx -> ctx.template("settings", Map.of("which", ctx.param("which"))));
        TestHost host = serve(app);
        assertEquals("[][development][<main>parent</main>]", host.client().get("/settings?which=parent").send().text());
        // Written once the app serves (a container starts it at its first request): too late to be compiled.
        Files.writeString(dir.resolve("views/late.peb"), "written after the start");
        TestResponse late = host.client().get("/settings?which=late").send();
        assertEquals(500, late.status(), "a template that was not there when the app started is not read at render time");
        assertTrue(!late.text().contains("written after the start"), late.text());
    }

    @Test
    void pebblesOwnInheritanceKeepsWorkingAndALayoutCanBeTurnedOff() throws IOException {
        App app = app(Settings.builder().layout("main"));
        app.get("/child", ctx -> ctx.template("child", Map.of(), null));
        assertEquals("<main>child</main>", serve(app).client().get("/child").send().text());
    }

    @Test
    void aMissingOrBrokenTemplateIsA500NamingTheFileAndLine() throws IOException {
        App app = app(Settings.builder().development(true));
        app.get("/missing", ctx -> ctx.template("nowhere", Map.of()));
        app.get("/broken", ctx -> ctx.template("broken", Map.of()));
        TestHost host = serve(app);
        TestResponse missing = host.client().get("/missing").send();
        assertEquals(500, missing.status());
        assertTrue(missing.text().contains("views/nowhere.peb"), missing.text());
        TestResponse broken = host.client().get("/broken").send();
        assertEquals(500, broken.status());
        assertTrue(broken.text().contains("views/broken.peb line 2"), broken.text());
    }

    @Test
    void aModelKeyThatIsOneOfLindysTokensIsRefused() throws IOException {
        App app = app(Settings.builder().development(true));
        app.get("/clash", ctx -> ctx.template("news", Map.of("params", "mine")));
        TestResponse r = serve(app).client().get("/clash").send();
        assertEquals(500, r.status());
        assertTrue(r.text().contains("is a token Lindy gives every template"), r.text());
    }

    @Test
    void anErrorTemplateAnswersItsStatusAndProductionShowsNoDetail() throws IOException {
        App app = app(Settings.builder());
        app.get("/boom", ctx -> ctx.template("broken", Map.of()));
        TestHost host = serve(app);
        TestResponse missing = host.client().get("/nowhere").send();
        assertEquals(404, missing.status());
        assertTrue(missing.text().startsWith("<p>no Nothing here answers GET /nowhere."), missing.text());
        TestResponse boom = host.client().get("/boom").send();
        assertEquals(500, boom.status());
        assertFalse(boom.text().contains("broken.peb"), "production showed the template's error: " + boom.text());
    }
}
