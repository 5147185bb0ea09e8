package dev.lindy.fileupload;

import dev.lindy.upload.MultipartException;
import dev.lindy.upload.MultipartParser;
import dev.lindy.upload.Upload;
import dev.lindy.upload.internal.StoredUpload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadByteCountLimitException;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;

/**
 * Reads {@code multipart/form-data} bodies with Apache Commons FileUpload's streaming parser: each part is
 * read once, straight from the body, a file into memory up to the threshold and into a temporary file
 * beyond it. Lindy finds it with {@link java.util.ServiceLoader}; adding this module to an app is all it
 * takes.
 *
 * <p>A browser's empty file input (a part with an empty file name and no bytes) is no upload. A plain field
 * is decoded with its part's charset, UTF-8 by default.
 */
public final class CommonsMultipartParser implements MultipartParser {
    private static final int BUFFER = 16 * 1024;

    /** Creates the parser; Lindy does, through the service loader. */
    public CommonsMultipartParser() {
    }

    @Override
    public Parts parse(String contentType, long length, InputStream body, Limits limits, Path tempDir) throws IOException {
        FormUpload upload = new FormUpload();
        upload.setMaxFileSize(limits.maxFileBytes());
        upload.setMaxPartHeaderSize(limits.maxPartHeaderBytes());
        upload.setHeaderCharset(StandardCharsets.UTF_8);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<Upload> uploads = new ArrayList<>();
        boolean parsed = false;
        try {
            FileItemInputIterator items = upload.getItemIterator(new BodyContext(contentType, length, body));
            int parts = 0;
            long fieldBytes = 0;
            // One budget of memory for the files of a request, not one per file: many small files go to disk too.
            long memoryLeft = limits.memoryBytes();
            while (items.hasNext()) {
                FileItemInput item = items.next();
                if (++parts > limits.maxParts()) {
                    throw new MultipartException(413, "The form has more than " + limits.maxParts() + " parts.");
                }
                String field = item.getFieldName() == null ? "" : item.getFieldName();
                if (item.isFormField()) {
                    byte[] value = readField(item, limits.maxFieldBytes() - fieldBytes, limits.maxFieldBytes());
                    fieldBytes += value.length;
                    fields.computeIfAbsent(field, k -> new ArrayList<>(1)).add(new String(value, charsetOf(item.getContentType())));
                } else {
                    StoredUpload file = readFile(item, field, memoryLeft, tempDir);
                    if (file != null) {
                        uploads.add(file);
                        if (file.file() == null) {
                            memoryLeft -= file.size();
                        }
                    }
                }
            }
            parsed = true;
        } catch (FileUploadByteCountLimitException e) {
            throw new MultipartException(413, "The file in field '" + e.getFieldName() + "' is larger than the limit of "
                    + e.getPermitted() + " bytes.");
        } catch (FileUploadSizeException e) {
            throw new MultipartException(413, "The form breaks a size limit: " + e.getMessage());
        } catch (FileUploadException e) {
            throw new MultipartException(400, "The multipart body is malformed: " + e.getMessage());
        } finally {
            if (!parsed) {
                for (Upload u : uploads) {
                    Path f = ((StoredUpload) u).file();
                    if (f != null) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
        fields.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return new Parts(Collections.unmodifiableMap(fields), Collections.unmodifiableList(uploads));
    }

    private static byte[] readField(FileItemInput item, long room, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = item.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0;) {
                if (out.size() + n > room) {
                    throw new MultipartException(413, "The form's plain fields are larger than the limit of " + limit
                            + " bytes together.");
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    // A file stays in memory while the request's memory budget lasts; past it, what was read and the rest go
    // to a temporary file.
    private static StoredUpload readFile(FileItemInput item, String field, long memoryLeft, Path tempDir) throws IOException {
        String name = item.getName() == null ? "" : item.getName();
        byte[] buffer = new byte[BUFFER];
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        Path file = null;
        OutputStream out = memory;
        long size = 0;
        try (InputStream in = item.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0;) {
                size += n;
                if (file == null && size > memoryLeft) {
                    file = Files.createTempFile(tempDir, "lindy-upload-", ".part");
                    out = Files.newOutputStream(file);
                    memory.writeTo(out);
                    memory = null;
                }
                out.write(buffer, 0, n);
            }
            if (file != null) {
                out.close();
            }
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                out.close();
                Files.deleteIfExists(file);
            }
            throw e;
        }
        if (name.isEmpty() && size == 0) {
            return null;
        }
        String type = item.getContentType();
        return file == null
                ? new StoredUpload(field, name, type, memory.toByteArray(), null, size)
                : new StoredUpload(field, name, type, null, file, size);
    }

    private static Charset charsetOf(String contentType) {
        if (contentType != null) {
            for (String param : contentType.split(";")) {
                String p = param.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
