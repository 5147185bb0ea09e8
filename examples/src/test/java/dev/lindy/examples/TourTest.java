package dev.lindy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lindy.test.PendingResponse;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TourTest {
    @Test
    void everyStopOfTheTourAnswers() throws Exception {
        try (TestHost host = TestHost.inProcess(Tour.app())) {
            TestClient c = host.client();
            assertEquals("Hello, stranger", c.get("/hello").send().text());
            assertEquals("Hello, ann", c.get("/hello/ann").send().text());
            assertEquals("file a/b.txt", c.get("/files/a/b.txt").send().text());
            assertEquals("item 9", c.get("/item/9").send().text());
            assertEquals(403, c.get("/admin").send().status());
            assertEquals("number 4", c.get("/num/4").send().text());
            assertEquals("word four", c.get("/num/four").send().text());
            assertEquals(202, c.get("/later").send().status());

            PendingResponse poll = c.get("/poll/cats").sendAsync();
            host.clock().advance(Duration.ofSeconds(2));
            assertEquals("news about cats", poll.await().text());

            StreamingResponse count = c.get("/count").stream();
            host.clock().advance(Duration.ofSeconds(2));
            assertEquals("1\n2\n3\n", count.readUntil("3\n"));
            assertEquals(null, count.next());
        }
    }
}
