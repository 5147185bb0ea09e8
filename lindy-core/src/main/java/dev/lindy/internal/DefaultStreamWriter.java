package dev.lindy.internal;

import dev.lindy.StreamWriter;
import dev.lindy.spi.BodyWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/** A streamed body: writes go straight to the host's writer; closing ends the request's life. */
final class DefaultStreamWriter implements StreamWriter {
    private final BodyWriter body;
    private final Lifecycle lifecycle;

    DefaultStreamWriter(BodyWriter body, Lifecycle lifecycle) {
        this.body = body;
        this.lifecycle = lifecycle;
    }

    @Override
    public CompletionStage<Void> write(String text) {
        return body.write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CompletionStage<Void> write(byte[] bytes) {
        return body.write(bytes);
    }

    @Override
    public CompletionStage<Void> close() {
        lifecycle.streamClosed();
        return body.close();
    }

    @Override
    public boolean isOpen() {
        return body.isOpen();
    }
}
