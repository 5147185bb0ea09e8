package dev.lindy.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A file uploaded in a {@code multipart/form-data} body, reached with {@code ctx.upload("field")}. Small
 * ones are held in memory (within one budget per request, {@code Settings.uploadMemoryBytes}), larger ones in a
 * temporary file that is deleted when the response completes, or when the client leaves (at once on Lindy's
 * own server; in a servlet container, once the container tells, which may be when the handler ends): copy it
 * somewhere with {@link #copyTo} to keep it.
 */
public interface Upload {
    /**
     * Returns the form field's name.
     *
     * @return the field
     */
    String field();

    /**
     * Returns the file's name as the client sent it: anything a client chose, never use it as a path.
     *
     * @return the name, possibly empty
     */
    String filename();

    /**
     * Returns the file's name made safe to use as a file name: the last path segment only, no control
     * characters, separators or leading dots, at most 255 bytes.
     *
     * @return the safe name, {@code upload} if nothing of the original is left
     */
    String safeFilename();

    /**
     * Returns the media type the client declared for the file.
     *
     * @return the type, {@code application/octet-stream} if none
     */
    String contentType();

    /**
     * Returns the file's size.
     *
     * @return bytes
     */
    long size();

    /**
     * Returns the file's bytes; for a large file, prefer {@link #inputStream()}.
     *
     * @return the content
     * @throws IOException if the temporary file cannot be read
     */
    byte[] bytes() throws IOException;

    /**
     * Opens the file's content.
     *
     * @return a stream to read and close
     * @throws IOException if the temporary file cannot be read
     */
    InputStream inputStream() throws IOException;

    /**
     * Copies the file, replacing the target.
     *
     * @param target where to put it
     * @throws IOException if the copy fails
     */
    void copyTo(Path target) throws IOException;
}
