package dev.lindy.netty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's open connections: counted against the limit, forgotten when closed, awaited at shutdown. */
class ConnectionsTest {

    @Test
    void connectionsPastTheLimitAreRefusedAndClosedOnesLeaveTheCount() throws Exception {
        Connections connections = new Connections();
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        assertTrue(connections.open(a, 2));
        assertTrue(connections.open(b, 2));
        assertFalse(connections.open(new EmbeddedChannel(), 2));
        assertEquals(2, connections.size());
        assertFalse(connections.awaitClosed(Duration.ofMillis(200)));
        a.close();
        assertEquals(1, connections.size());
        assertTrue(connections.open(new EmbeddedChannel(), 2));
        List<Object> left = new ArrayList<>();
        connections.forEach(left::add);
        assertEquals(2, left.size());
        connections.closeAll();
        assertTrue(connections.awaitClosed(Duration.ofSeconds(10)));
        assertEquals(0, connections.size());
    }

    @Test
    void aConnectionClosedBeforeItIsTakenIsForgottenAtOnce() throws Exception {
        Connections connections = new Connections();
        EmbeddedChannel gone = new EmbeddedChannel();
        gone.close();
        assertTrue(connections.open(gone, 1));
        assertEquals(0, connections.size());
        assertTrue(connections.awaitClosed(Duration.ofSeconds(10)));
        connections.forEach(c -> {
            throw new AssertionError("a closed connection is still kept: " + c);
        });
    }
}
