package dev.lindy;

import dev.lindy.config.Config;
import dev.lindy.config.internal.EnvironmentNames;
import dev.lindy.config.internal.SettingsFiles;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.Overflow;
import dev.lindy.internal.TrustedProxies;
import dev.lindy.json.JsonMapper;
import dev.lindy.session.SessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The settings of an app and its server, frozen once built.
 *
 * <p>Grouped by concern: where to listen ({@link #host}, {@link #port}); threads ({@link #ioThreads},
 * {@link #workers}, {@link #maxWorkers}); request limits ({@link #maxRequestLineBytes},
 * {@link #maxHeaderBytes}, {@link #maxBodyBytes}, uploads ({@link #maxUploadBytes}, {@link #maxFileBytes},
 * {@link #maxParts}, {@link #uploadMemoryBytes}, {@link #tempDir}),
 * {@link #maxConnections}, {@link #streamBufferBytes}); timeouts ({@link #idleTimeout},
 * {@link #headerTimeout}, {@link #bodyTimeout}, {@link #asyncDeadline}, {@link #handlerTimeout},
 * {@link #writeTimeout}, {@link #shutdownGrace}); behaviour ({@link #development},
 * {@link #contentType}, {@link #blockedLoopThreshold}); and real time (the hub: {@link #hubHistory},
 * {@link #hubQueue}, {@link #hubOverflow}; {@link #sseHeartbeat}; WebSockets: {@link #webSocketOrigins},
 * {@link #webSocketMaxMessageBytes}, {@link #webSocketIdleTimeout}).
 *
 * <pre>{@code
 * Settings s = Settings.builder().port(8080).asyncDeadline(Duration.ofSeconds(10)).build();
 * }</pre>
 */
public final class Settings {
    private final String host;
    private final int port;
    private final int ioThreads;
    private final Executor workers;
    private final int maxWorkers;
    private final int maxRequestLineBytes;
    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final Duration idleTimeout;
    private final Duration headerTimeout;
    private final Duration asyncDeadline;
    private final Duration shutdownGrace;
    private final boolean stopOnSignal;
    private final String accessLog;
    private final boolean compression;
    private final Path tlsCertificate;
    private final Path tlsKey;
    private final int tlsPort;
    private final boolean devTls;
    private final boolean http2;
    private final int maxConcurrentStreams;
    private final int compressionMinBytes;
    private final List<String> compressibleTypes;
    private final Duration handlerTimeout;
    private final Duration bodyTimeout;
    private final Duration writeTimeout;
    private final int streamBufferBytes;
    private final int maxConnections;
    private final int maxQueuedHandlers;
    private final Duration blockedLoopThreshold;
    private final boolean development;
    private final String contentType;
    private final Path appDir;
    private final String environment;
    private final Config config;
    private final List<String> secrets;
    private final List<String> trustedProxies;
    private final String forwardedHeaders;
    private final SessionStore sessionStore;
    private final String sessionStoreName;
    private final String sessionCookie;
    private final Duration sessionIdleTimeout;
    private final int maxSessions;
    private final HubBackend hubBackend;
    private final int hubHistory;
    private final int hubMaxTopics;
    private final int hubQueue;
    private final Overflow hubOverflow;
    private final Duration sseHeartbeat;
    private final List<String> webSocketOrigins;
    private final int webSocketMaxFrameBytes;
    private final int webSocketMaxMessageBytes;
    private final Duration webSocketIdleTimeout;
    private final boolean webSocketCompression;
    private final JsonMapper jsonMapper;
    private final Path publicDir;
    private final Path viewsDir;
    private final String layout;
    private final String staticCacheControl;
    private final boolean serveDotfiles;
    private final long maxUploadBytes;
    private final long maxFileBytes;
    private final int maxParts;
    private final int maxPartHeaderBytes;
    private final int uploadMemoryBytes;
    private final Path tempDir;
    private final long maxUploadDiskBytes;

    private Settings(Builder b) {
        host = b.host;
        port = b.port;
        ioThreads = b.ioThreads;
        workers = b.workers;
        maxWorkers = b.maxWorkers;
        maxRequestLineBytes = b.maxRequestLineBytes;
        maxHeaderBytes = b.maxHeaderBytes;
        maxBodyBytes = b.maxBodyBytes;
        idleTimeout = b.idleTimeout;
        headerTimeout = b.headerTimeout;
        asyncDeadline = b.asyncDeadline;
        shutdownGrace = b.shutdownGrace;
        stopOnSignal = b.stopOnSignal;
        accessLog = b.accessLog;
        compression = b.compression;
        tlsCertificate = b.tlsCertificate;
        tlsKey = b.tlsKey;
        tlsPort = b.tlsPort;
        devTls = b.devTls;
        http2 = b.http2;
        maxConcurrentStreams = b.maxConcurrentStreams;
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both tls.certificate and tls.key");
        }
        compressionMinBytes = b.compressionMinBytes;
        compressibleTypes = b.compressibleTypes;
        handlerTimeout = b.handlerTimeout;
        bodyTimeout = b.bodyTimeout;
        writeTimeout = b.writeTimeout;
        streamBufferBytes = b.streamBufferBytes;
        maxConnections = b.maxConnections;
        maxQueuedHandlers = b.maxQueuedHandlers;
        blockedLoopThreshold = b.blockedLoopThreshold;
        development = b.development;
        contentType = b.contentType;
        appDir = b.appDir;
        environment = b.environment != null ? b.environment : EnvironmentNames.fromVariables(b.variables);
        config = b.config;
        secrets = b.secrets;
        trustedProxies = TrustedProxies.of(b.trustedProxies, b.forwardedHeaders);
        forwardedHeaders = b.forwardedHeaders;
        sessionStore = b.sessionStore;
        sessionStoreName = b.sessionStoreName;
        sessionCookie = b.sessionCookie;
        sessionIdleTimeout = b.sessionIdleTimeout;
        maxSessions = b.maxSessions;
        hubBackend = b.hubBackend;
        hubHistory = b.hubHistory;
        hubMaxTopics = b.hubMaxTopics;
        hubQueue = b.hubQueue;
        hubOverflow = b.hubOverflow;
        sseHeartbeat = b.sseHeartbeat;
        webSocketOrigins = b.webSocketOrigins;
        webSocketMaxFrameBytes = b.webSocketMaxFrameBytes;
        webSocketMaxMessageBytes = b.webSocketMaxMessageBytes;
        webSocketIdleTimeout = b.webSocketIdleTimeout;
        webSocketCompression = b.webSocketCompression;
        jsonMapper = b.jsonMapper;
        publicDir = b.publicDir;
        viewsDir = b.viewsDir;
        layout = b.layout;
        staticCacheControl = b.staticCacheControl;
        serveDotfiles = b.serveDotfiles;
        maxUploadBytes = b.maxUploadBytes;
        maxFileBytes = b.maxFileBytes;
        maxParts = b.maxParts;
        maxPartHeaderBytes = b.maxPartHeaderBytes;
        uploadMemoryBytes = b.uploadMemoryBytes;
        tempDir = b.tempDir;
        maxUploadDiskBytes = b.maxUploadDiskBytes;
    }

    /**
     * Returns the default settings.
     *
     * @return settings with every default
     * @throws IllegalArgumentException if {@code LINDY_ENV} is set to something that is not an environment's
     *     name
     * @throws IllegalStateException if the working directory, the default app directory, is the file system
     *     root
     */
    public static Settings defaults() {
        return builder().build();
    }

    /**
     * Returns the settings of the app in the working directory: the defaults, then {@code config.yml}, then
     * {@code environments/<env>.yml}, where the environment comes from {@code LINDY_ENV}, else
     * {@code development}. {@code Lindy.app()} uses this.
     *
     * @return the loaded settings
     * @throws dev.lindy.config.ConfigException if a file is malformed or holds a bad value
     * @throws IllegalArgumentException if {@code LINDY_ENV} is not an environment's name (see
     *     {@link Builder#environment}), or the working directory is the file system root
     */
    public static Settings load() {
        return load(Path.of("").toAbsolutePath());
    }

    /**
     * Returns the settings of the app in a directory, for the environment {@code LINDY_ENV} names.
     *
     * @param appDir the app directory
     * @return the loaded settings
     * @throws dev.lindy.config.ConfigException if a file is malformed or holds a bad value
     * @throws IllegalArgumentException if {@code LINDY_ENV} is not an environment's name (see
     *     {@link Builder#environment}), or {@code appDir} is the file system root
     */
    public static Settings load(Path appDir) {
        return load(appDir, EnvironmentNames.fromVariables(System::getenv));
    }

    /**
     * Returns the settings of the app in a directory, for an environment.
     *
     * @param appDir the app directory
     * @param environment the environment's name, such as {@code production}
     * @return the loaded settings
     * @throws dev.lindy.config.ConfigException if a file is malformed or holds a bad value
     * @throws IllegalArgumentException if {@code environment} is not an environment's name (see
     *     {@link Builder#environment}), or {@code appDir} is the file system root
     */
    public static Settings load(Path appDir, String environment) {
        return SettingsFiles.load(builder(), appDir, environment, System::getenv);
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return builder(System::getenv, Path.of(""));
    }

    // The defaults that come from the process, passed in so that tests can choose them.
    static Builder builder(Function<String, String> variables, Path workingDirectory) {
        return new Builder(variables, workingDirectory.toAbsolutePath().normalize());
    }

    /**
     * Returns a builder holding these settings, to make an edited copy.
     *
     * @return a builder
     */
    public Builder newBuilder() {
        Builder b = builder();
        b.host = host;
        b.port = port;
        b.ioThreads = ioThreads;
        b.workers = workers;
        b.maxWorkers = maxWorkers;
        b.maxRequestLineBytes = maxRequestLineBytes;
        b.maxHeaderBytes = maxHeaderBytes;
        b.maxBodyBytes = maxBodyBytes;
        b.idleTimeout = idleTimeout;
        b.headerTimeout = headerTimeout;
        b.asyncDeadline = asyncDeadline;
        b.shutdownGrace = shutdownGrace;
        b.stopOnSignal = stopOnSignal;
        b.accessLog = accessLog;
        b.compression = compression;
        b.tlsCertificate = tlsCertificate;
        b.tlsKey = tlsKey;
        b.tlsPort = tlsPort;
        b.devTls = devTls;
        b.http2 = http2;
        b.maxConcurrentStreams = maxConcurrentStreams;
        b.compressionMinBytes = compressionMinBytes;
        b.compressibleTypes = compressibleTypes;
        b.handlerTimeout = handlerTimeout;
        b.bodyTimeout = bodyTimeout;
        b.writeTimeout = writeTimeout;
        b.streamBufferBytes = streamBufferBytes;
        b.maxConnections = maxConnections;
        b.maxQueuedHandlers = maxQueuedHandlers;
        b.blockedLoopThreshold = blockedLoopThreshold;
        b.development = development;
        b.contentType = contentType;
        b.appDir = appDir;
        b.environment = environment;
        b.config = config;
        b.secrets = secrets;
        b.trustedProxies = trustedProxies;
        b.forwardedHeaders = forwardedHeaders;
        b.sessionStore = sessionStore;
        b.sessionStoreName = sessionStoreName;
        b.sessionCookie = sessionCookie;
        b.sessionIdleTimeout = sessionIdleTimeout;
        b.maxSessions = maxSessions;
        b.hubBackend = hubBackend;
        b.hubHistory = hubHistory;
        b.hubMaxTopics = hubMaxTopics;
        b.hubQueue = hubQueue;
        b.hubOverflow = hubOverflow;
        b.sseHeartbeat = sseHeartbeat;
        b.webSocketOrigins = webSocketOrigins;
        b.webSocketMaxFrameBytes = webSocketMaxFrameBytes;
        b.webSocketMaxMessageBytes = webSocketMaxMessageBytes;
        b.webSocketIdleTimeout = webSocketIdleTimeout;
        b.webSocketCompression = webSocketCompression;
        b.jsonMapper = jsonMapper;
        b.publicDir = publicDir;
        b.viewsDir = viewsDir;
        b.layout = layout;
        b.staticCacheControl = staticCacheControl;
        b.serveDotfiles = serveDotfiles;
        b.maxUploadBytes = maxUploadBytes;
        b.maxFileBytes = maxFileBytes;
        b.maxParts = maxParts;
        b.maxPartHeaderBytes = maxPartHeaderBytes;
        b.uploadMemoryBytes = uploadMemoryBytes;
        b.tempDir = tempDir;
        b.maxUploadDiskBytes = maxUploadDiskBytes;
        return b;
    }

    /**
     * Returns the address to listen on.
     *
     * @return the host, default {@code 0.0.0.0}
     */
    public String host() {
        return host;
    }

    /**
     * Returns the port to listen on.
     *
     * @return the port, default 3000; 0 means any free port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the number of event-loop threads.
     *
     * @return the count, default the number of cores
     */
    public int ioThreads() {
        return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Returns the executor blocking handlers run on, when one was given.
     *
     * @return the executor, or null to use Lindy's own: virtual threads on Java 21+, else a bounded pool
     */
    public Executor workers() {
        return workers;
    }

    /**
     * Returns how many blocking handlers run at once: the most threads Lindy's own pool has (platform threads,
     * or virtual ones on Java 21+). The pool runs about two handlers per core while they compute and adds a
     * thread for each handler it finds blocked, up to this. Further requests wait, up to
     * {@link #maxQueuedHandlers()}.
     *
     * @return the maximum, default 256
     */
    public int maxWorkers() {
        return maxWorkers;
    }

    /**
     * Returns the longest request line accepted (else 414).
     *
     * @return bytes, default 8 KiB
     */
    public int maxRequestLineBytes() {
        return maxRequestLineBytes;
    }

    /**
     * Returns the largest header block accepted (else 431).
     *
     * @return bytes, default 16 KiB
     */
    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /**
     * Returns the largest request body accepted (else 413).
     *
     * @return bytes, default 10 MiB
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Returns how long an idle keep-alive connection stays open.
     *
     * @return the timeout, default 30 s
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Returns how long a client may take to send a request's headers once it has started (else 408).
     *
     * @return the timeout, default 20 s
     */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /**
     * Returns how long a deferred response may stay pending before the client gets a 503.
     *
     * @return the deadline, default 30 s; a route may override it
     */
    public Duration asyncDeadline() {
        return asyncDeadline;
    }

    /**
     * Returns how long {@code stop()} lets in-flight requests (long polls and streams included) finish
     * before it ends them: a 503 for a pending answer, the final chunk for a stream.
     *
     * @return the grace period, default 10 s
     */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /**
     * Tells whether a started app stops gracefully when the JVM is asked to end (SIGTERM, SIGINT), through a
     * shutdown hook.
     *
     * @return true by default
     */
    public boolean stopOnSignal() {
        return stopOnSignal;
    }

    /**
     * Returns the access log's format: {@code off}, {@code common} (the Common Log Format), {@code combined}
     * (with referrer and user agent) or {@code json} (one object per line). Each line also carries the route
     * and the duration, and goes to the SLF4J logger {@code dev.lindy.access} when the request ends: when
     * its answer is handed over, its stream ends, or its client leaves (status 499).
     *
     * @return the format, {@code off} by default
     */
    public String accessLog() {
        return accessLog;
    }

    /**
     * Tells whether the server compresses responses (gzip or deflate, as the client's
     * {@code Accept-Encoding} asks) whose type is {@link #compressibleTypes()} and whose body is at least
     * {@link #compressionMinBytes()} (a stream, whose size is unknown, always), with
     * {@code Vary: Accept-Encoding}. Never a range, a file sent from disk (serve a precompressed sibling
     * instead), or a body that already has a {@code Content-Encoding}; each flushed chunk of a stream still
     * reaches the client at once.
     *
     * @return true by default
     */
    public boolean compression() {
        return compression;
    }

    /**
     * Returns the PEM file of the server's certificate chain, for HTTPS; with {@link #tlsKey()}.
     *
     * @return the file, or null to serve plain HTTP only
     */
    public Path tlsCertificate() {
        return tlsCertificate;
    }

    /**
     * Returns the PEM file of the server's private key (PKCS#8), for HTTPS.
     *
     * @return the file, or null
     */
    public Path tlsKey() {
        return tlsKey;
    }

    /**
     * Returns the port HTTPS listens on beside plain HTTP on {@link #port()}; with none, a server with a
     * certificate serves HTTPS only, on {@link #port()}.
     *
     * @return the port, 0 for a free one, or -1 (the default) for none
     */
    public int tlsPort() {
        return tlsPort;
    }

    /**
     * Tells whether the server makes itself a self-signed certificate at start (for {@code localhost} and
     * {@code 127.0.0.1}), for HTTPS and HTTP/2 in development; browsers will warn about it.
     *
     * @return false by default
     */
    public boolean devTls() {
        return devTls;
    }

    /**
     * Tells whether HTTP/2 is spoken: over TLS when the client offers it (ALPN), and in clear text to a
     * client that starts with HTTP/2's preface (prior knowledge).
     *
     * @return true by default
     */
    public boolean http2() {
        return http2;
    }

    /**
     * Returns how many HTTP/2 streams (requests) one connection may have open at once.
     *
     * @return the limit, 100 by default
     */
    public int maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    /**
     * Returns the smallest whole body worth compressing.
     *
     * @return bytes, 1 KiB by default
     */
    public int compressionMinBytes() {
        return compressionMinBytes;
    }

    /**
     * Returns the media types worth compressing: exact types, {@code type/*} wildcards, and {@code +json},
     * {@code +xml} suffixes.
     *
     * @return the types; by default text/*, JSON, JavaScript, XML and SVG
     */
    public List<String> compressibleTypes() {
        return compressibleTypes;
    }

    /**
     * Returns how long a blocking handler may run without answering before the client gets a 503 and the
     * handler's thread is interrupted. A handler that has started a stream is timed by
     * {@link #writeTimeout()} instead.
     *
     * @return the timeout, default 60 s
     */
    public Duration handlerTimeout() {
        return handlerTimeout;
    }

    /**
     * Returns how long a client may take to send a whole request body, however steadily it trickles in
     * (else 408).
     *
     * @return the timeout, default 60 s
     */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /**
     * Returns how long a streamed response may go without any write completing while writes are waiting;
     * after about that long (at most half as long again) the stream is ended, since the client stopped
     * reading.
     *
     * @return the timeout, default 30 s
     */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /**
     * Returns how many bytes of a streamed response may wait to be handed to the operating system. A
     * producer that writes without waiting for its writes to complete, past this budget, has its write
     * failed and its stream ended; a single write is always accepted when nothing is waiting.
     *
     * @return bytes, default 256 KiB
     */
    public int streamBufferBytes() {
        return streamBufferBytes;
    }

    /**
     * Returns how many connections the embedded server holds at once; beyond it a new connection gets a 503
     * and is closed.
     *
     * @return the limit, default 10,000
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * Returns how many requests for blocking handlers may wait for a worker when {@link #maxWorkers()} are
     * busy; beyond it a request gets a 503.
     *
     * @return the queue bound, default 16,384
     */
    public int maxQueuedHandlers() {
        return maxQueuedHandlers;
    }

    /**
     * Returns how long an async handler or callback may hold an event loop before Lindy logs a warning that
     * names it and shows where it is stuck.
     *
     * @return the threshold; {@link Duration#ZERO} when the watchdog is off. Unless set, 100 ms in
     *     development mode and off otherwise
     */
    public Duration blockedLoopThreshold() {
        if (blockedLoopThreshold != null) {
            return blockedLoopThreshold;
        }
        return development ? Duration.ofMillis(100) : Duration.ZERO;
    }

    /**
     * Tells whether error pages show exception details, for development only.
     *
     * @return true in development mode, default false
     */
    public boolean development() {
        return development;
    }

    /**
     * Returns the Content-Type of text bodies when a handler sets none.
     *
     * @return default {@code text/html; charset=utf-8}
     */
    public String contentType() {
        return contentType;
    }

    /**
     * Returns the app directory, where {@code config.yml}, {@code public/} and {@code views/} live.
     *
     * @return an absolute path, default the working directory; never the file system root, so settings
     *     built in a process whose working directory is the root must set {@link Builder#appDir}
     */
    public Path appDir() {
        return appDir;
    }

    /**
     * Returns the environment's name, which chose the environment file. Outside {@code development} and
     * {@code test} an app needs {@link #secrets}.
     *
     * @return for example {@code development} or {@code production}; unless set, what {@code LINDY_ENV}
     *     names, else {@code development}
     */
    public String environment() {
        return environment;
    }

    /**
     * Returns the app's own configuration: the files' keys outside the {@code lindy} section.
     *
     * @return the configuration, empty unless loaded from files or set
     */
    public Config config() {
        return config;
    }

    /**
     * Returns the secrets that sign cookies and seal cookie sessions, newest first: the first signs,
     * every one verifies, so a new secret can be put first and an old one dropped later. Outside the
     * {@code development} and {@code test} environments an app without secrets does not start; in those
     * two, signed cookies use a random key made for the process.
     *
     * @return the secrets, empty unless set
     */
    public List<String> secrets() {
        return secrets;
    }

    /**
     * Returns the addresses of reverse proxies whose forwarding headers are believed: IP addresses or CIDR
     * blocks such as {@code 10.0.0.0/8} or {@code fd00::/8}. From anyone else those headers are ignored.
     * An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) counts as the IPv4 address it holds.
     *
     * @return the proxies, empty by default
     */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /**
     * Returns the family of forwarding headers the trusted proxies write, the only one read:
     * {@code x-forwarded} ({@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and
     * {@code X-Forwarded-Prefix}, which nginx, HAProxy and most load balancers write) or {@code forwarded}
     * (RFC 7239's {@code Forwarded}, which carries no prefix). The other family is ignored, so a client
     * cannot slip one past a proxy that only writes the other.
     *
     * @return {@code x-forwarded} (the default) or {@code forwarded}
     */
    public String forwardedHeaders() {
        return forwardedHeaders;
    }

    /**
     * Returns the session store.
     *
     * @return the store, or null for the store {@link #sessionStoreName()} names
     */
    public SessionStore sessionStore() {
        return sessionStore;
    }

    /**
     * Returns the name of the session store Lindy makes when the app starts, when no store was set: a
     * memory store of {@link #maxSessions()} sessions, or a store a {@link dev.lindy.session.SessionStoreProvider}
     * on the class path makes (such as {@code redis}, with {@code lindy-redis}).
     *
     * @return the name, default {@code memory}
     */
    public String sessionStoreName() {
        return sessionStoreName;
    }

    /**
     * Returns the name of the session cookie.
     *
     * @return the name, default {@code lindy.session}
     */
    public String sessionCookie() {
        return sessionCookie;
    }

    /**
     * Returns how long a session lives unused.
     *
     * @return the timeout, default 30 minutes
     */
    public Duration sessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    /**
     * Returns how many sessions the default memory store holds; when full it forgets first the sessions whose
     * client never came back, then the least recently used.
     *
     * @return the bound, default 100,000
     */
    public int maxSessions() {
        return maxSessions;
    }

    // ---- real time: the hub, server-sent events, WebSockets ------------------------------------------

    /**
     * Returns the hub's backend, which numbers, keeps and carries its messages.
     *
     * @return the backend, or null for an in-process {@link dev.lindy.hub.MemoryHubBackend} of
     *     {@link #hubHistory()} and {@link #hubMaxTopics()}
     */
    public HubBackend hubBackend() {
        return hubBackend;
    }

    /**
     * Returns how many of its newest messages each topic keeps for clients that reconnect.
     *
     * @return the count, default 100
     */
    public int hubHistory() {
        return hubHistory;
    }

    /**
     * Returns how many topics' histories the in-process hub keeps; the one used least recently goes first.
     *
     * @return the bound, default 1,000
     */
    public int hubMaxTopics() {
        return hubMaxTopics;
    }

    /**
     * Returns how many messages may wait for one subscriber before the overflow policy applies.
     *
     * @return the bound, default 256
     */
    public int hubQueue() {
        return hubQueue;
    }

    /**
     * Returns what happens to a subscriber whose queue is full.
     *
     * @return the policy, default {@link Overflow#DROP_OLDEST}
     */
    public Overflow hubOverflow() {
        return hubOverflow;
    }

    /**
     * Returns how often an event stream that sends nothing else gets a comment, so that proxies keep it
     * open and a client that left is noticed.
     *
     * @return the period, default 15 seconds
     */
    public Duration sseHeartbeat() {
        return sseHeartbeat;
    }

    /**
     * Returns the origins, besides the app's own, whose pages may open its WebSockets; a browser's upgrade
     * from any other origin gets 403, so another site cannot use a visitor's cookies on a socket.
     *
     * @return origins such as {@code https://example.com}, or {@code *} for any; empty by default (same
     *     origin only)
     */
    public List<String> webSocketOrigins() {
        return webSocketOrigins;
    }

    /**
     * Returns the largest WebSocket frame accepted; a larger one closes the socket with 1009.
     *
     * @return the bound in bytes, default 64 KiB
     */
    public int webSocketMaxFrameBytes() {
        return webSocketMaxFrameBytes;
    }

    /**
     * Returns the largest WebSocket message accepted, its fragments together; a larger one closes the socket
     * with 1009.
     *
     * @return the bound in bytes, default 1 MiB
     */
    public int webSocketMaxMessageBytes() {
        return webSocketMaxMessageBytes;
    }

    /**
     * Returns how long a WebSocket may stay silent: after half of it the server pings, and a socket from
     * which nothing (not even a pong) arrives for all of it is closed.
     *
     * @return the timeout, default 60 seconds
     */
    public Duration webSocketIdleTimeout() {
        return webSocketIdleTimeout;
    }

    /**
     * Tells whether WebSockets offer per-message compression ({@code permessage-deflate}) to clients that
     * ask. It saves bandwidth for text and costs memory and CPU per socket.
     *
     * @return false by default
     */
    public boolean webSocketCompression() {
        return webSocketCompression;
    }

    /**
     * Returns the JSON mapper.
     *
     * @return the mapper, or null to use the one found on the class path ({@code lindy-jackson})
     */
    public JsonMapper jsonMapper() {
        return jsonMapper;
    }

    /**
     * Returns the directory of static files, served for GET and HEAD before routes match.
     *
     * @return the directory, default {@code public} in the app directory; nothing is served when it does
     *     not exist
     */
    public Path publicDir() {
        return publicDir != null ? publicDir : appDir.resolve("public");
    }

    /**
     * Returns the directory of templates.
     *
     * @return the directory, default {@code views} in the app directory
     */
    public Path viewsDir() {
        return viewsDir != null ? viewsDir : appDir.resolve("views");
    }

    /**
     * Returns the layout templates are wrapped in, under {@code views/layouts}.
     *
     * @return the layout's name, or null for none (the default)
     */
    public String layout() {
        return layout;
    }

    /**
     * Returns the {@code Cache-Control} header of static files.
     *
     * @return the value, or null to send none (the default; ETags still let browsers revalidate)
     */
    public String staticCacheControl() {
        return staticCacheControl;
    }

    /**
     * Tells whether static files whose path has a segment starting with a dot ({@code .env},
     * {@code .git/config}) are served.
     *
     * @return false by default
     */
    public boolean serveDotfiles() {
        return serveDotfiles;
    }

    /**
     * Returns the largest {@code multipart/form-data} body accepted, all parts together; such bodies are
     * kept to {@link #uploadMemoryBytes} in memory and go to a temporary file beyond. Other bodies keep
     * {@link #maxBodyBytes}. A larger upload is answered 413 as soon as it passes the limit.
     *
     * @return bytes, 100 MiB by default
     */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /**
     * Returns the largest single file of an upload; a larger one is answered 413 naming the field.
     *
     * @return bytes, 100 MiB by default
     */
    public long maxFileBytes() {
        return maxFileBytes;
    }

    /**
     * Returns the most parts (fields and files) a {@code multipart/form-data} body may have; more is a 413.
     *
     * @return the count, 1000 by default
     */
    public int maxParts() {
        return maxParts;
    }

    /**
     * Returns the largest header block of one part of a {@code multipart/form-data} body; larger is a 413.
     *
     * @return bytes, 8 KiB by default
     */
    public int maxPartHeaderBytes() {
        return maxPartHeaderBytes;
    }

    /**
     * Returns how much of an upload is held in memory: a multipart body, and each of its parts, larger
     * than this goes to a temporary file as it arrives, so heap use stays flat whatever the upload's size.
     *
     * @return bytes, 256 KiB by default
     */
    public int uploadMemoryBytes() {
        return uploadMemoryBytes;
    }

    /**
     * Returns the directory of temporary files (large uploads); they are deleted when their request ends.
     *
     * @return the directory, the JVM's {@code java.io.tmpdir} by default
     */
    public Path tempDir() {
        return tempDir;
    }

    /**
     * Returns the most bytes of uploads held in temporary files at once, every request together, so that
     * many concurrent uploads cannot fill the disk; an upload that would pass it is answered 503.
     *
     * @return bytes, 4 GiB by default
     */
    public long maxUploadDiskBytes() {
        return maxUploadDiskBytes;
    }

    /**
     * A mutable builder of {@link Settings}.
     */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 3000;
        private int ioThreads;
        private Executor workers;
        private int maxWorkers = 256;
        private int maxRequestLineBytes = 8 * 1024;
        private int maxHeaderBytes = 16 * 1024;
        private int maxBodyBytes = 10 * 1024 * 1024;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration headerTimeout = Duration.ofSeconds(20);
        private Duration asyncDeadline = Duration.ofSeconds(30);
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private boolean stopOnSignal = true;
        private String accessLog = "off";
        private boolean compression = true;
        private Path tlsCertificate;
        private Path tlsKey;
        private int tlsPort = -1;
        private boolean devTls;
        private boolean http2 = true;
        private int maxConcurrentStreams = 100;
        private int compressionMinBytes = 1024;
        private List<String> compressibleTypes = List.of("text/*", "application/json", "application/javascript",
                "application/xml", "image/svg+xml", "+json", "+xml");
        private Duration handlerTimeout = Duration.ofSeconds(60);
        private Duration bodyTimeout = Duration.ofSeconds(60);
        private Duration writeTimeout = Duration.ofSeconds(30);
        private int streamBufferBytes = 256 * 1024;
        private int maxConnections = 10_000;
        private int maxQueuedHandlers = 16_384;
        private Duration blockedLoopThreshold;
        private boolean development;
        private String contentType = "text/html; charset=utf-8";
        private final Function<String, String> variables;
        private Path appDir;
        private String environment;
        private Config config = Config.empty();
        private List<String> secrets = List.of();
        private List<String> trustedProxies = List.of();
        private String forwardedHeaders = TrustedProxies.X_FORWARDED;
        private SessionStore sessionStore;
        private String sessionStoreName = "memory";
        private String sessionCookie = "lindy.session";
        private Duration sessionIdleTimeout = Duration.ofMinutes(30);
        private int maxSessions = 100_000;
        private HubBackend hubBackend;
        private int hubHistory = 100;
        private int hubMaxTopics = 1_000;
        private int hubQueue = 256;
        private Overflow hubOverflow = Overflow.DROP_OLDEST;
        private Duration sseHeartbeat = Duration.ofSeconds(15);
        private List<String> webSocketOrigins = List.of();
        private int webSocketMaxFrameBytes = 64 * 1024;
        private int webSocketMaxMessageBytes = 1024 * 1024;
        private Duration webSocketIdleTimeout = Duration.ofSeconds(60);
        private boolean webSocketCompression;
        private JsonMapper jsonMapper;
        private Path publicDir;
        private Path viewsDir;
        private String layout;
        private String staticCacheControl;
        private boolean serveDotfiles;
        private long maxUploadBytes = 100L * 1024 * 1024;
        private long maxFileBytes = 100L * 1024 * 1024;
        private int maxParts = 1000;
        private int maxPartHeaderBytes = 8 * 1024;
        private int uploadMemoryBytes = 256 * 1024;
        private Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));
        private long maxUploadDiskBytes = 4L << 30;

        private Builder(Function<String, String> variables, Path workingDirectory) {
            this.variables = variables;
            this.appDir = workingDirectory;
        }

        /**
         * Sets the listen address.
         *
         * @param host a host name or IP
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /**
         * Sets the port.
         *
         * @param port 0 to 65535; 0 picks a free port
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the event-loop thread count.
         *
         * @param n threads; 0 means one per core
         * @return this builder
         */
        public Builder ioThreads(int n) {
            this.ioThreads = requireNonNegative(n, "ioThreads");
            return this;
        }

        /**
         * Sets the executor blocking handlers run on; Lindy does not shut down an executor it was given.
         *
         * @param workers the executor, or null for Lindy's own
         * @return this builder
         */
        public Builder workers(Executor workers) {
            this.workers = workers;
            return this;
        }

        /**
         * Sets how many blocking handlers run at once.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxWorkers(int n) {
            this.maxWorkers = requirePositive(n, "maxWorkers");
            return this;
        }

        /**
         * Sets the request-line limit.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder maxRequestLineBytes(int bytes) {
            this.maxRequestLineBytes = requirePositive(bytes, "maxRequestLineBytes");
            return this;
        }

        /**
         * Sets the header-block limit.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = requirePositive(bytes, "maxHeaderBytes");
            return this;
        }

        /**
         * Sets the body limit.
         *
         * @param bytes at least 0
         * @return this builder
         */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = requireNonNegative(bytes, "maxBodyBytes");
            return this;
        }

        /**
         * Sets the keep-alive idle timeout.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = requirePositive(timeout, "idleTimeout");
            return this;
        }

        /**
         * Sets the header-read timeout.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = requirePositive(timeout, "headerTimeout");
            return this;
        }

        /**
         * Sets the default deadline of deferred responses.
         *
         * @param deadline positive
         * @return this builder
         */
        public Builder asyncDeadline(Duration deadline) {
            this.asyncDeadline = requirePositive(deadline, "asyncDeadline");
            return this;
        }

        /**
         * Sets the shutdown grace period.
         *
         * @param grace zero or more
         * @return this builder
         */
        public Builder shutdownGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must not be negative");
            }
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * Sets whether a started app stops gracefully on SIGTERM and SIGINT.
         *
         * @param stop false to leave stopping to the caller
         * @return this builder
         */
        public Builder stopOnSignal(boolean stop) {
            this.stopOnSignal = stop;
            return this;
        }

        /**
         * Sets whether responses are compressed.
         *
         * @param compress false to send every body as it is
         * @return this builder
         */
        public Builder compression(boolean compress) {
            this.compression = compress;
            return this;
        }

        /**
         * Sets the certificate and key of HTTPS, PEM files.
         *
         * @param certificate the certificate chain, or null for none
         * @param key the private key (PKCS#8), or null for none
         * @return this builder
         */
        public Builder tls(Path certificate, Path key) {
            return tlsCertificate(certificate).tlsKey(key);
        }

        /**
         * Sets the certificate chain of HTTPS, a PEM file; it needs {@link #tlsKey(Path)} too.
         *
         * @param certificate the file, or null for none
         * @return this builder
         */
        public Builder tlsCertificate(Path certificate) {
            this.tlsCertificate = certificate;
            return this;
        }

        /**
         * Sets the private key of HTTPS, a PEM file (PKCS#8); it needs {@link #tlsCertificate(Path)} too.
         *
         * @param key the file, or null for none
         * @return this builder
         */
        public Builder tlsKey(Path key) {
            this.tlsKey = key;
            return this;
        }

        /**
         * Sets the port of HTTPS beside plain HTTP.
         *
         * @param port the port, 0 for a free one, -1 for HTTPS only on the main port
         * @return this builder
         */
        public Builder tlsPort(int port) {
            if (port < -1 || port > 65535) {
                throw new IllegalArgumentException("tlsPort is -1 (none), or a port from 0 to 65535: " + port);
            }
            this.tlsPort = port;
            return this;
        }

        /**
         * Sets whether the server makes a self-signed certificate at start.
         *
         * @param dev true for HTTPS in development
         * @return this builder
         */
        public Builder devTls(boolean dev) {
            this.devTls = dev;
            return this;
        }

        /**
         * Sets whether HTTP/2 is spoken.
         *
         * @param on false for HTTP/1.1 only
         * @return this builder
         */
        public Builder http2(boolean on) {
            this.http2 = on;
            return this;
        }

        /**
         * Sets how many HTTP/2 streams a connection may have open at once.
         *
         * @param streams the limit
         * @return this builder
         */
        public Builder maxConcurrentStreams(int streams) {
            this.maxConcurrentStreams = requirePositive(streams, "maxConcurrentStreams");
            return this;
        }

        /**
         * Sets the smallest whole body worth compressing.
         *
         * @param bytes the threshold
         * @return this builder
         */
        public Builder compressionMinBytes(int bytes) {
            this.compressionMinBytes = requireNonNegative(bytes, "compressionMinBytes");
            return this;
        }

        /**
         * Sets the media types worth compressing.
         *
         * @param types exact types, {@code type/*} wildcards, {@code +suffix} suffixes
         * @return this builder
         */
        public Builder compressibleTypes(List<String> types) {
            this.compressibleTypes = List.copyOf(types);
            return this;
        }

        /**
         * Sets the access log's format.
         *
         * @param format {@code off}, {@code common}, {@code combined} or {@code json}
         * @return this builder
         * @throws IllegalArgumentException for another format
         */
        public Builder accessLog(String format) {
            if (!java.util.Set.of("off", "common", "combined", "json").contains(format)) {
                throw new IllegalArgumentException("accessLog is off, common, combined or json, not '" + format + "'");
            }
            this.accessLog = format;
            return this;
        }

        /**
         * Sets how long a blocking handler may run without answering.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder handlerTimeout(Duration timeout) {
            this.handlerTimeout = requirePositive(timeout, "handlerTimeout");
            return this;
        }

        /**
         * Sets how long a client may take to send a whole request body.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder bodyTimeout(Duration timeout) {
            this.bodyTimeout = requirePositive(timeout, "bodyTimeout");
            return this;
        }

        /**
         * Sets how long a stream may go without a write completing while writes wait.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = requirePositive(timeout, "writeTimeout");
            return this;
        }

        /**
         * Sets how many bytes of a stream may wait to be handed to the operating system.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder streamBufferBytes(int bytes) {
            this.streamBufferBytes = requirePositive(bytes, "streamBufferBytes");
            return this;
        }

        /**
         * Sets how many connections the embedded server holds at once.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxConnections(int n) {
            this.maxConnections = requirePositive(n, "maxConnections");
            return this;
        }

        /**
         * Sets how many requests may wait for a worker.
         *
         * @param n zero or more
         * @return this builder
         */
        public Builder maxQueuedHandlers(int n) {
            this.maxQueuedHandlers = requireNonNegative(n, "maxQueuedHandlers");
            return this;
        }

        /**
         * Sets how long an async handler or callback may hold an event loop before a warning is logged.
         *
         * @param threshold positive, or {@link Duration#ZERO} to turn the watchdog off
         * @return this builder
         */
        public Builder blockedLoopThreshold(Duration threshold) {
            if (threshold.isNegative()) {
                throw new IllegalArgumentException("blockedLoopThreshold must not be negative");
            }
            this.blockedLoopThreshold = threshold;
            return this;
        }

        /**
         * Turns development mode on or off.
         *
         * @param on true to show error details
         * @return this builder
         */
        public Builder development(boolean on) {
            this.development = on;
            return this;
        }

        /**
         * Sets the default Content-Type of text bodies.
         *
         * @param type a media type
         * @return this builder
         */
        public Builder contentType(String type) {
            this.contentType = Objects.requireNonNull(type);
            return this;
        }

        /**
         * Sets the app directory; without one it is the working directory, which then may not be the file
         * system root either.
         *
         * @param dir the directory; relative paths resolve against the working directory
         * @return this builder
         * @throws IllegalArgumentException for the file system root, which no app should serve files from
         */
        public Builder appDir(Path dir) {
            Path abs = dir.toAbsolutePath().normalize();
            if (abs.getParent() == null) {
                throw new IllegalArgumentException("the app directory may not be the file system root (" + abs
                        + "): run the app from its own directory or set Settings.appDir");
            }
            this.appDir = abs;
            return this;
        }

        /**
         * Sets the environment's name; without one it is what {@code LINDY_ENV} names, else
         * {@code development}. A name is letters, digits, {@code -}, {@code _} and {@code .}, the dot never
         * first, since it chooses the file {@code environments/<name>.yml}.
         *
         * @param environment for example {@code production}
         * @return this builder
         * @throws IllegalArgumentException if the name is empty or holds anything else, such as a slash
         */
        public Builder environment(String environment) {
            this.environment = EnvironmentNames.check(environment);
            return this;
        }

        /**
         * Sets the app's own configuration.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(Config config) {
            this.config = Objects.requireNonNull(config);
            return this;
        }

        /**
         * Sets the secrets, newest first.
         *
         * @param secrets long random strings; at least 32 characters each
         * @return this builder
         */
        public Builder secrets(List<String> secrets) {
            for (String s : secrets) {
                if (s == null || s.length() < 32) {
                    throw new IllegalArgumentException("a secret must be at least 32 characters long (make one with"
                            + " `openssl rand -base64 48`)");
                }
            }
            this.secrets = List.copyOf(secrets);
            return this;
        }

        /**
         * Sets the trusted reverse proxies. Names are refused, never looked up.
         *
         * @param proxies IP addresses or CIDR blocks, such as {@code 127.0.0.1} or {@code 10.0.0.0/8}
         * @return this builder
         * @throws IllegalArgumentException if an entry is not an IP address or a CIDR block
         */
        public Builder trustedProxies(List<String> proxies) {
            for (String p : proxies) {
                TrustedProxies.check(p);
            }
            this.trustedProxies = List.copyOf(proxies);
            return this;
        }

        /**
         * Sets the family of forwarding headers the trusted proxies write; the other is ignored. Make sure
         * the proxies set (or remove) every header of that family, so that none passes from the client.
         *
         * @param headers {@code x-forwarded} or {@code forwarded}
         * @return this builder
         * @throws IllegalArgumentException for another value
         */
        public Builder forwardedHeaders(String headers) {
            this.forwardedHeaders = TrustedProxies.headerFamily(headers);
            return this;
        }

        /**
         * Sets the session store. The code that made it keeps it: Lindy does not close it when the app stops.
         *
         * @param store the store, or null for the store {@link #sessionStoreName(String)} names
         * @return this builder
         */
        public Builder sessionStore(SessionStore store) {
            this.sessionStore = store;
            return this;
        }

        /**
         * Chooses the session store by name, for Lindy to make when the app starts and close when it stops:
         * {@code memory}, or the name a {@link dev.lindy.session.SessionStoreProvider} on the class path
         * answers to. A store set as an object wins over a name.
         *
         * @param name {@code memory} (the default) or a provider's name, such as {@code redis}
         * @return this builder
         */
        public Builder sessionStoreName(String name) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("a session store's name must not be blank");
            }
            this.sessionStoreName = name;
            return this;
        }

        /**
         * Sets the session cookie's name.
         *
         * @param name an HTTP token
         * @return this builder
         */
        public Builder sessionCookie(String name) {
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new IllegalArgumentException("a cookie name is an HTTP token: " + name);
            }
            this.sessionCookie = name;
            return this;
        }

        /**
         * Sets how long a session lives unused.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder sessionIdleTimeout(Duration timeout) {
            this.sessionIdleTimeout = requirePositive(timeout, "sessionIdleTimeout");
            return this;
        }

        /**
         * Sets how many sessions the memory store holds.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxSessions(int n) {
            this.maxSessions = requirePositive(n, "maxSessions");
            return this;
        }

        /**
         * Sets the hub's backend.
         *
         * @param backend the backend, or null for the in-process one
         * @return this builder
         */
        public Builder hubBackend(HubBackend backend) {
            this.hubBackend = backend;
            return this;
        }

        /**
         * Sets how many messages each topic keeps.
         *
         * @param n 0 or more
         * @return this builder
         */
        public Builder hubHistory(int n) {
            this.hubHistory = requireNonNegative(n, "hubHistory");
            return this;
        }

        /**
         * Sets how many topics' histories the in-process hub keeps.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder hubMaxTopics(int n) {
            this.hubMaxTopics = requirePositive(n, "hubMaxTopics");
            return this;
        }

        /**
         * Sets how many messages may wait for one subscriber.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder hubQueue(int n) {
            this.hubQueue = requirePositive(n, "hubQueue");
            return this;
        }

        /**
         * Sets what happens to a subscriber whose queue is full.
         *
         * @param overflow the policy
         * @return this builder
         */
        public Builder hubOverflow(Overflow overflow) {
            this.hubOverflow = Objects.requireNonNull(overflow, "hubOverflow");
            return this;
        }

        /**
         * Sets how often a quiet event stream gets a heartbeat comment.
         *
         * @param period positive
         * @return this builder
         */
        public Builder sseHeartbeat(Duration period) {
            this.sseHeartbeat = requirePositive(period, "sseHeartbeat");
            return this;
        }

        /**
         * Sets the origins, besides the app's own, whose pages may open its WebSockets.
         *
         * @param origins origins such as {@code https://example.com} (scheme, host and any port), or
         *     {@code *} for any
         * @return this builder
         * @throws IllegalArgumentException for an entry that is not an origin
         */
        public Builder webSocketOrigins(List<String> origins) {
            for (String o : origins) {
                if (!o.equals("*") && !o.matches("(?i)https?://[^/?#\\s]+")) {
                    throw new IllegalArgumentException("not an origin (scheme://host[:port], or *): " + o);
                }
            }
            this.webSocketOrigins = List.copyOf(origins);
            return this;
        }

        /**
         * Sets the largest WebSocket frame accepted.
         *
         * @param bytes at least 125
         * @return this builder
         */
        public Builder webSocketMaxFrameBytes(int bytes) {
            if (bytes < 125) {
                throw new IllegalArgumentException("webSocketMaxFrameBytes must be at least 125: " + bytes);
            }
            this.webSocketMaxFrameBytes = bytes;
            return this;
        }

        /**
         * Sets the largest WebSocket message accepted, fragments together.
         *
         * @param bytes at least 125
         * @return this builder
         */
        public Builder webSocketMaxMessageBytes(int bytes) {
            if (bytes < 125) {
                throw new IllegalArgumentException("webSocketMaxMessageBytes must be at least 125: " + bytes);
            }
            this.webSocketMaxMessageBytes = bytes;
            return this;
        }

        /**
         * Sets how long a WebSocket may stay silent before it is pinged and then closed.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder webSocketIdleTimeout(Duration timeout) {
            this.webSocketIdleTimeout = requirePositive(timeout, "webSocketIdleTimeout");
            return this;
        }

        /**
         * Sets whether WebSockets offer per-message compression.
         *
         * @param on true to offer it
         * @return this builder
         */
        public Builder webSocketCompression(boolean on) {
            this.webSocketCompression = on;
            return this;
        }

        /**
         * Sets the JSON mapper.
         *
         * @param mapper the mapper, or null for the one on the class path
         * @return this builder
         */
        public Builder jsonMapper(JsonMapper mapper) {
            this.jsonMapper = mapper;
            return this;
        }

        /**
         * Sets the directory of static files.
         *
         * @param dir the directory; relative paths resolve against the app directory
         * @return this builder
         */
        public Builder publicDir(Path dir) {
            this.publicDir = appDir.resolve(dir).toAbsolutePath().normalize();
            return this;
        }

        /**
         * Sets the directory of templates.
         *
         * @param dir the directory; relative paths resolve against the app directory
         * @return this builder
         */
        public Builder viewsDir(Path dir) {
            this.viewsDir = appDir.resolve(dir).toAbsolutePath().normalize();
            return this;
        }

        /**
         * Sets the layout templates are wrapped in.
         *
         * @param layout a template under {@code views/layouts}, or null for none
         * @return this builder
         */
        public Builder layout(String layout) {
            this.layout = layout;
            return this;
        }

        /**
         * Sets the {@code Cache-Control} header of static files.
         *
         * @param value the header's value, or null for none
         * @return this builder
         */
        public Builder staticCacheControl(String value) {
            this.staticCacheControl = value;
            return this;
        }

        /**
         * Sets whether dot files are served.
         *
         * @param serve true to serve them
         * @return this builder
         */
        public Builder serveDotfiles(boolean serve) {
            this.serveDotfiles = serve;
            return this;
        }

        /**
         * Sets the largest multipart body.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxUploadBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxUploadBytes must not be negative: " + bytes);
            }
            this.maxUploadBytes = bytes;
            return this;
        }

        /**
         * Sets the largest file of an upload.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxFileBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxFileBytes must not be negative: " + bytes);
            }
            this.maxFileBytes = bytes;
            return this;
        }

        /**
         * Sets the most parts of a multipart body.
         *
         * @param parts the limit
         * @return this builder
         */
        public Builder maxParts(int parts) {
            this.maxParts = requirePositive(parts, "maxParts");
            return this;
        }

        /**
         * Sets the largest header block of one part.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxPartHeaderBytes(int bytes) {
            this.maxPartHeaderBytes = requirePositive(bytes, "maxPartHeaderBytes");
            return this;
        }

        /**
         * Sets how much of an upload is held in memory before it goes to a temporary file.
         *
         * @param bytes the threshold
         * @return this builder
         */
        public Builder uploadMemoryBytes(int bytes) {
            this.uploadMemoryBytes = requireNonNegative(bytes, "uploadMemoryBytes");
            return this;
        }

        /**
         * Sets the directory of temporary files.
         *
         * @param dir the directory; it must exist when an upload needs it
         * @return this builder
         */
        public Builder tempDir(Path dir) {
            this.tempDir = Objects.requireNonNull(dir, "tempDir");
            return this;
        }

        /**
         * Sets the most bytes of uploads in temporary files at once.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxUploadDiskBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxUploadDiskBytes must not be negative: " + bytes);
            }
            this.maxUploadDiskBytes = bytes;
            return this;
        }

        /**
         * Returns the frozen settings.
         *
         * @return the settings
         * @throws IllegalArgumentException if no environment was set and {@code LINDY_ENV} is not an
         *     environment's name
         * @throws IllegalStateException if no app directory was set and the working directory is the file
         *     system root
         */
        public Settings build() {
            if (appDir.getParent() == null) {
                throw new IllegalStateException("the app directory may not be the file system root (" + appDir
                        + "), and without Settings.Builder.appDir it is the working directory: run the app from"
                        + " its own directory or set the app directory");
            }
            return new Settings(this);
        }

        private static int requirePositive(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1: " + n);
            }
            return n;
        }

        private static int requireNonNegative(int n, String what) {
            if (n < 0) {
                throw new IllegalArgumentException(what + " must not be negative: " + n);
            }
            return n;
        }

        private static Duration requirePositive(Duration d, String what) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
