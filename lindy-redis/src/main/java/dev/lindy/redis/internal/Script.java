package dev.lindy.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script Redis runs atomically, sent by its digest and in full only when Redis does not know it yet:
 * after a restart, or a failover to a server that never saw it.
 */
public final class Script {
    private final String text;
    private final String digest;
    private final ScriptOutputType output;

    /**
     * Creates a script.
     *
     * @param text the Lua source
     * @param output what it answers
     */
    public Script(String text, ScriptOutputType output) {
        this.text = text;
        this.output = output;
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            this.digest = HexFormat.of().formatHex(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /**
     * Runs the script.
     *
     * @param link the link to Redis
     * @param keys the keys it touches, all in one cluster slot
     * @param args its arguments
     * @param <T> what it answers
     * @return the answer
     */
    public <T> CompletionStage<T> run(RedisLink link, String[] keys, String... args) {
        CompletionStage<T> bySha = link.call(c -> c.<T>evalsha(digest, output, keys, args));
        return bySha.handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                return link.<T>call(c -> c.<T>eval(text, output, keys, args));
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }
}
