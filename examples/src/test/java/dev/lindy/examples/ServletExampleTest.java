package dev.lindy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

class ServletExampleTest {
    @Test
    void theSynopsisBehavesTheSameInJetty() throws Exception {
        Server jetty = ServletExample.start(0);
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + ServletExample.port(jetty);
            HttpResponse<String> timer = client.send(HttpRequest.newBuilder(URI.create(base + "/timer")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, timer.statusCode());
            assertEquals("foo!", timer.body());
            HttpResponse<String> blocking = client.send(HttpRequest.newBuilder(URI.create(base + "/blocking")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, blocking.statusCode());
            assertTrue(blocking.headers().firstValue("Location").orElse("").endsWith("/timer"));
        } finally {
            jetty.setStopTimeout(0);
            jetty.stop();
        }
    }
}
