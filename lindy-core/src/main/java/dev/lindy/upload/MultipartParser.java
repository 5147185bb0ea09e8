package dev.lindy.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code multipart/form-data} bodies: the seam for a multipart library. {@code lindy-fileupload}
 * implements it with Apache Commons FileUpload and registers it for {@link java.util.ServiceLoader}.
 * Lindy calls it on a worker, before the route's handler, with the whole body already received (in memory,
 * or in a temporary file when large).
 */
public interface MultipartParser {
    /**
     * The limits a body must keep.
     *
     * @param maxFileBytes the largest file
     * @param maxParts the most parts
     * @param maxPartHeaderBytes the largest header block of a part
     * @param memoryBytes files larger than this go to temporary files
     * @param maxFieldBytes the most bytes of plain fields, together (they are held in memory)
     */
    record Limits(long maxFileBytes, int maxParts, int maxPartHeaderBytes, int memoryBytes, long maxFieldBytes) {
    }

    /**
     * A parsed body: its plain fields and its files.
     *
     * @param fields the fields, by name, values in order
     * @param uploads the files, in order
     */
    record Parts(Map<String, List<String>> fields, List<Upload> uploads) {
    }

    /**
     * Parses a body.
     *
     * @param contentType the request's Content-Type, with its boundary
     * @param length the body's length
     * @param body the body
     * @param limits the limits it must keep
     * @param tempDir where large parts go
     * @return the parts; the caller deletes their temporary files
     * @throws MultipartException if the body breaks a limit or is malformed
     * @throws IOException if reading or writing fails
     */
    Parts parse(String contentType, long length, InputStream body, Limits limits, Path tempDir) throws IOException;
}
