package dev.lindy.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The fan-out load, from its own process, on 127.0.0.1 only: N clients each on a keep-alive connection
 * follow a topic as server-sent events while one publisher sends a message at a steady rate; then N long
 * polls wait and one message wakes them all. Every message carries the {@code System.nanoTime()} of its
 * publish (one monotonic clock for every process on the machine), so each receipt gives the latency from
 * publish to receipt. It also reads the server's live heap: idle, with N idle keep-alive connections, and
 * with N subscribers.
 *
 * <pre>
 * java -cp lindy-bench.jar dev.lindy.bench.FanoutLoad PORT SUBSCRIBERS SECONDS RATE OUT
 * </pre>
 */
public final class FanoutLoad {
    private static final long WAIT_SECONDS = 60;

    private final String host = "127.0.0.1";
    private final int port;
    // Epoll where the machine has it, as the servers under test use: the client's reads cost the cores they share.
    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    private final HttpClient control = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private FanoutLoad(int port) {
        this.port = port;
    }

    /**
     * Runs the load and writes its figures, one {@code name value} per line.
     *
     * @param args port, subscribers, seconds of publishing, messages per second, output file
     * @throws Exception if the server cannot be reached
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        FanoutLoad load = new FanoutLoad(port);
        List<String> out = new ArrayList<>();
        try {
            load.run(n, seconds, rate, out);
        } finally {
            load.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        Files.write(Path.of(args[4]), out);
        out.forEach(System.out::println);
        System.exit(0);
    }

    private void run(int n, int seconds, int rate, List<String> out) throws Exception {
        out.add("subscribers " + n);
        long base = heap();
        out.add("heap_base_kb " + base / 1024);

        // 1. The cost of a connection alone: N keep-alive connections, each after one request.
        List<Channel> idle = connect(n, ready -> httpHandlers(new Requester("/hello"), ready));
        long idleHeap = heap();
        out.add("bytes_per_idle_connection " + (idleHeap - base) / n);
        closeAll(idle);
        awaitSubscribers(0);

        // 2. N subscribers to the topic, as server-sent events.
        int messages = seconds * rate;
        Received received = new Received(n, messages);
        List<Channel> streams = connect(n, ready -> received.follower(ready));
        awaitSubscribers(n);
        long loadedHeap = heap();
        out.add("bytes_per_subscriber " + (loadedHeap - base) / n);
        out.add("bytes_per_subscriber_above_connection " + ((loadedHeap - base) - (idleHeap - base)) / n);

        // 3. One publisher at a steady rate; every subscriber should get every message.
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int seq = 1; seq <= messages; seq++) {
            long due = start + (seq - 1) * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            publish(seq);
        }
        received.awaitAll(TimeUnit.SECONDS.toNanos(10));
        out.add("published " + messages);
        out.add("expected " + (long) n * messages);
        out.add("received " + received.total());
        out.add("lost " + received.lost());
        out.add("duplicates " + received.duplicates());
        percentiles(out, "latency", received.latencies());
        closeAll(streams);
        awaitSubscribers(0);

        // 4. N long polls waiting, woken by one message.
        ConcurrentLinkedQueue<Long> answers = new ConcurrentLinkedQueue<>();
        CountDownLatch answered = new CountDownLatch(n);
        List<Channel> polls = connect(n, ready -> httpHandlers(new Poller(answers, answered), ready));
        awaitSubscribers(n);
        out.add("poll_waiting " + n);
        publish(0);
        answered.await(WAIT_SECONDS, TimeUnit.SECONDS);
        out.add("poll_answered " + answers.size());
        percentiles(out, "poll", answers.stream().mapToLong(Long::longValue).toArray());
        closeAll(polls);
    }

    // ---- connections ---------------------------------------------------------------------------------------

    // Connects n clients; each gets the handlers made for it, given the latch its answer's head counts down.
    private List<Channel> connect(int n, Function<CountDownLatch, ChannelHandler[]> handlers) throws Exception {
        List<Channel> channels = new ArrayList<>(n);
        CountDownLatch ready = new CountDownLatch(n);
        Bootstrap b = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handlers.apply(ready));
                    }
                });
        // In batches: the server's accept backlog is finite.
        for (int i = 0; i < n; i += 500) {
            List<ChannelFuture> batch = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 500); j++) {
                batch.add(b.connect(host, port));
            }
            for (ChannelFuture f : batch) {
                if (!f.await(WAIT_SECONDS, TimeUnit.SECONDS) || !f.isSuccess()) {
                    throw new IOException("could not connect: " + f.cause());
                }
                channels.add(f.channel());
            }
        }
        if (!ready.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IOException(ready.getCount() + " of " + n + " requests got no answer head");
        }
        return channels;
    }

    private static void closeAll(List<Channel> channels) throws InterruptedException {
        for (Channel c : channels) {
            c.close();
        }
        for (Channel c : channels) {
            c.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static ChannelHandler[] httpHandlers(Handler h, CountDownLatch ready) {
        h.ready = ready;
        return new ChannelHandler[] {new HttpClientCodec(), h};
    }

    /**
     * A connection's handler: sends its request when connected, and counts down once its answer's head came,
     * or, for a long poll, whose head comes with its answer, once the request is sent.
     */
    private abstract static class Handler extends SimpleChannelInboundHandler<HttpObject> {
        private final String path;
        private final boolean readyWhenSent;
        CountDownLatch ready;
        private boolean headSeen;

        Handler(String path, boolean readyWhenSent) {
            this.path = path;
            this.readyWhenSent = readyWhenSent;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path, Unpooled.EMPTY_BUFFER);
            req.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
            ctx.writeAndFlush(req).addListener(f -> {
                if (readyWhenSent) {
                    ready.countDown();
                }
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse && !headSeen) {
                headSeen = true;
                if (!readyWhenSent) {
                    ready.countDown();
                }
            }
            if (msg instanceof HttpContent) {
                content(((HttpContent) msg).content().toString(StandardCharsets.UTF_8));
            }
        }

        abstract void content(String text);
    }

    /** One request, then an idle keep-alive connection. */
    private static final class Requester extends Handler {
        Requester(String path) {
            super(path, false);
        }

        @Override
        void content(String text) {
            // The answer is not needed; the connection stays open.
        }
    }

    /** A long poll: records the latency of its one answer. */
    private static final class Poller extends Handler {
        private final ConcurrentLinkedQueue<Long> answers;
        private final CountDownLatch answered;
        private final StringBuilder body = new StringBuilder();

        Poller(ConcurrentLinkedQueue<Long> answers, CountDownLatch answered) {
            super("/poll", true);
            this.answers = answers;
            this.answered = answered;
        }

        @Override
        void content(String text) {
            long now = System.nanoTime();
            body.append(text);
            if (body.indexOf("\"t\":") >= 0 && body.indexOf("}") > body.indexOf("\"t\":")) {
                answers.add(now - number(body.toString(), "\"t\":"));
                answered.countDown();
                body.setLength(0);
                body.append("done");
            }
        }
    }

    private static long number(String text, String key) {
        int at = text.indexOf(key) + key.length();
        int end = at;
        while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '-')) {
            end++;
        }
        return Long.parseLong(text.substring(at, end));
    }

    /** What the subscribers received: each follower keeps its own counts and latencies, summed here. */
    private static final class Received {
        private final int messages;
        private final List<SseFollower> followers;

        Received(int n, int messages) {
            this.messages = messages;
            this.followers = new ArrayList<>(n);
        }

        // Called on the client's loops as connections open.
        synchronized ChannelHandler[] follower(CountDownLatch ready) {
            SseFollower f = new SseFollower(ready, messages);
            followers.add(f);
            return new ChannelHandler[] {f};
        }

        synchronized long total() {
            long total = 0;
            for (SseFollower f : followers) {
                total += f.received();
            }
            return total;
        }

        void awaitAll(long nanos) throws InterruptedException {
            long end = System.nanoTime() + nanos;
            long expected;
            synchronized (this) {
                expected = (long) followers.size() * messages;
            }
            while (total() < expected && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        }

        // Per follower: each message it never got is lost, each extra copy a duplicate.
        synchronized long lost() {
            long lost = 0;
            for (SseFollower f : followers) {
                f.received();
                int[] counts = f.counts();
                for (int s = 1; s < counts.length; s++) {
                    lost += counts[s] == 0 ? 1 : 0;
                }
            }
            return lost;
        }

        synchronized long duplicates() {
            long dup = 0;
            for (SseFollower f : followers) {
                f.received();
                int[] counts = f.counts();
                for (int s = 1; s < counts.length; s++) {
                    dup += Math.max(0, counts[s] - 1);
                }
            }
            return dup;
        }

        synchronized long[] latencies() {
            long[] all = new long[(int) Math.min(Integer.MAX_VALUE - 8, total())];
            int at = 0;
            for (SseFollower f : followers) {
                long[] own = f.latencies();
                int take = Math.min(own.length, all.length - at);
                System.arraycopy(own, 0, all, at, take);
                at += take;
            }
            return Arrays.copyOf(all, at);
        }
    }

    private static void percentiles(List<String> out, String name, long[] nanos) {
        if (nanos.length == 0) {
            out.add(name + "_p50_ms NaN");
            out.add(name + "_p99_ms NaN");
            out.add(name + "_max_ms NaN");
            return;
        }
        Arrays.sort(nanos);
        out.add(name + "_p50_ms " + millis(nanos[(int) (nanos.length * 0.50)]));
        out.add(name + "_p99_ms " + millis(nanos[Math.min(nanos.length - 1, (int) (nanos.length * 0.99))]));
        out.add(name + "_max_ms " + millis(nanos[nanos.length - 1]));
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    // ---- the server, through plain requests ------------------------------------------------------------------

    private void publish(long seq) throws Exception {
        String body = "{\"seq\":" + seq + ",\"t\":" + System.nanoTime() + "}";
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/publish"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        control.send(req, BodyHandlers.discarding());
    }

    private long heap() throws Exception {
        return Long.parseLong(get("/heap").trim());
    }

    private void awaitSubscribers(int n) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (Integer.parseInt(get("/subscribers").trim()) != n) {
            if (System.nanoTime() > end) {
                throw new IOException("the server has " + get("/subscribers") + " subscribers, not " + n);
            }
            Thread.sleep(20);
        }
    }

    private String get(String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).build();
        return control.send(req, BodyHandlers.ofString()).body();
    }

}
