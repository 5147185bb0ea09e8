package dev.lindy.upload.internal;

import dev.lindy.upload.Upload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An upload held in memory or in a temporary file, for parsers to hand out.
 */
public final class StoredUpload implements Upload {
    private final String field;
    private final String filename;
    private final String contentType;
    private final byte[] bytes;
    private final Path file;
    private final long size;

    /**
     * Creates an upload.
     *
     * @param field the form field
     * @param filename the name the client sent
     * @param contentType the declared media type, or null
     * @param bytes the content when held in memory, else null
     * @param file the temporary file when large, else null
     * @param size the size
     */
    public StoredUpload(String field, String filename, String contentType, byte[] bytes, Path file, long size) {
        this.field = field;
        this.filename = filename == null ? "" : filename;
        this.contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        this.bytes = bytes;
        this.file = file;
        this.size = size;
    }

    /**
     * Returns the temporary file, for deleting it when the request ends.
     *
     * @return the file, or null when held in memory
     */
    public Path file() {
        return file;
    }

    @Override
    public String field() {
        return field;
    }

    @Override
    public String filename() {
        return filename;
    }

    @Override
    public String safeFilename() {
        return safe(filename);
    }

    /**
     * The last segment, without controls, invisible format characters (a right-to-left override would
     * disguise the extension), separators, leading dots or shell-hostile characters; 255 bytes at most,
     * cut between whole characters.
     */
    static String safe(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder out = new StringBuilder();
        base.codePoints().forEach(c -> {
            boolean hostile = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.SURROGATE || "<>:\"|?*".indexOf(c) >= 0;
            if (hostile) {
                out.append('_');
            } else {
                out.appendCodePoint(c);
            }
        });
        String s = out.toString().strip().replaceAll("^\\.+", "");
        while (s.getBytes(StandardCharsets.UTF_8).length > 255) {
            s = s.substring(0, s.offsetByCodePoints(0, s.codePointCount(0, s.length()) - 1));
        }
        return s.isEmpty() ? "upload" : s;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] bytes() throws IOException {
        return bytes != null ? bytes : Files.readAllBytes(file);
    }

    @Override
    public InputStream inputStream() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    @Override
    public void copyTo(Path target) throws IOException {
        if (bytes != null) {
            Files.write(target, bytes);
        } else {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public String toString() {
        return "Upload{" + field + ", " + filename + ", " + contentType + ", " + size + " bytes}";
    }
}
