package dev.lindy.test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of a test's own: a few {@code redis-server} masters on 127.0.0.1, each in its own
 * temporary directory, that share the 16,384 slots between them, so that a test sees its keys spread over
 * several servers as in production. Each node is a {@link RedisServer}: a test can stop, kill or restart any
 * of them; a node started again keeps its data and its place in the cluster. Close it when done.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start(3)) {
 *     String uri = cluster.uri();   // redis://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3
 * }
 * }</pre>
 *
 * <p>It needs {@code redis-server} 7 or later, like {@link RedisServer}.
 */
public final class RedisCluster implements AutoCloseable {
    private static final int SLOTS = 16384;
    // A node talks to the others on its port plus this: the cluster bus.
    private static final int BUS_OFFSET = 10000;
    private static final Duration FORMED_WITHIN = Duration.ofSeconds(30);

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts masters, shares the slots between them evenly, and waits until every node says the cluster is
     * ready.
     *
     * @param masters how many, at least 1
     * @return the cluster, ready
     * @throws IllegalStateException if a node does not start or the cluster does not form
     */
    public static RedisCluster start(int masters) {
        if (masters < 1) {
            throw new IllegalArgumentException("a cluster has at least one master: " + masters);
        }
        List<RedisServer> nodes = new ArrayList<>();
        RedisCluster cluster = new RedisCluster(nodes);
        try {
            for (int i = 0; i < masters; i++) {
                nodes.add(RedisServer.start(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000"), BUS_OFFSET));
            }
            for (int i = 0; i < masters; i++) {
                int first = SLOTS * i / masters;
                int last = SLOTS * (i + 1) / masters - 1;
                nodes.get(i).command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(first), Integer.toString(last));
                if (i > 0) {
                    nodes.get(0).command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port()));
                }
            }
            cluster.awaitReady();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw new IllegalStateException("the Redis Cluster did not form: " + e.getMessage(), e);
        }
    }

    /**
     * Returns its URI, which names every node.
     *
     * @return {@code redis://127.0.0.1:P1,127.0.0.1:P2,...}
     */
    public String uri() {
        return "redis://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    /**
     * Returns its nodes, in the order of their slots.
     *
     * @return the nodes
     */
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * Waits until every node says the cluster is ready: all slots served, every node known.
     *
     * @throws IllegalStateException if it is not within 30 s
     */
    public void awaitReady() {
        RedisServer.await("the Redis Cluster to be ready", FORMED_WITHIN, this::isReady);
    }

    /** Stops every node and deletes their directories. */
    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    private boolean isReady() throws IOException {
        for (RedisServer node : nodes) {
            String info = node.command("CLUSTER", "INFO");
            if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size())) {
                return false;
            }
        }
        return true;
    }
}
