package dev.lindy.upload.internal;

import dev.lindy.Settings;
import dev.lindy.http.Request;
import dev.lindy.internal.LogLimiter;
import dev.lindy.upload.MultipartException;
import dev.lindy.upload.MultipartParser;
import dev.lindy.upload.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploads of an app: which requests carry them, the parser that reads them (found once with
 * {@link ServiceLoader}) and the cleanup of their temporary files.
 */
public final class Uploads {
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);

    private final MultipartParser parser;
    private final MultipartParser.Limits limits;
    private final Path tempDir;
    private final Executor cleaner;

    /**
     * Creates the uploads of an app.
     *
     * @param settings the app's settings
     * @param cleaner where temporary files are deleted, off the event loop
     */
    public Uploads(Settings settings, Executor cleaner) {
        this.parser = find();
        this.limits = new MultipartParser.Limits(settings.maxFileBytes(), settings.maxParts(),
                settings.maxPartHeaderBytes(), settings.uploadMemoryBytes(), settings.maxBodyBytes());
        this.tempDir = settings.tempDir();
        this.cleaner = cleaner;
    }

    private static MultipartParser find() {
        Iterator<MultipartParser> found = ServiceLoader.load(MultipartParser.class).iterator();
        return found.hasNext() ? found.next() : null;
    }

    /**
     * Tells whether a request's body is a form with files, which Lindy parses before the handler runs.
     *
     * @param request the request
     * @return true for {@code multipart/form-data}
     */
    public static boolean applies(Request request) {
        return isMultipartForm(request.header("Content-Type"));
    }

    /**
     * Tells whether a Content-Type names a form with files; hosts give such bodies the upload limit.
     *
     * @param contentType the header, or null
     * @return true for {@code multipart/form-data}
     */
    public static boolean isMultipartForm(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * Parses a request's multipart body; blocks on the disk, so call it on a worker.
     *
     * @param request the request
     * @return the fields and files
     * @throws MultipartException if the body breaks a limit or is malformed, or no parser is installed
     * @throws IOException if reading or writing the body fails
     */
    public MultipartParser.Parts read(Request request) throws IOException {
        if (parser == null) {
            long skipped = LogLimiter.SHARED.admit("no multipart parser");
            if (skipped >= 0) {
                LOG.warn("a multipart/form-data request was refused: no multipart parser is installed; add the"
                        + " dev.lindy:lindy-fileupload module (the lindy starter has it){}", LogLimiter.note(skipped));
            }
            throw new MultipartException(415, "This server does not accept multipart/form-data bodies.");
        }
        try (InputStream body = request.bodyStream()) {
            return parser.parse(request.header("Content-Type"), request.bodyLength(), body, limits, tempDir);
        }
    }

    /**
     * Deletes temporary files off the calling thread.
     *
     * @param files the files; nulls are skipped
     */
    public void delete(List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        Runnable task = () -> files.forEach(Uploads::deleteNow);
        try {
            cleaner.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /**
     * Returns the temporary files of parsed uploads.
     *
     * @param uploads the uploads
     * @return their files, those kept in memory left out
     */
    public static List<Path> filesOf(List<Upload> uploads) {
        return uploads.stream().filter(u -> u instanceof StoredUpload && ((StoredUpload) u).file() != null)
                .map(u -> ((StoredUpload) u).file()).toList();
    }

    private static void deleteNow(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete the temporary file {}: {}", file, e.toString());
        }
    }
}
