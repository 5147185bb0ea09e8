package dev.lindy.fileupload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.upload.MultipartException;
import dev.lindy.upload.MultipartParser;
import dev.lindy.upload.Upload;
import dev.lindy.upload.internal.StoredUpload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser on its own: fields, files in memory and on disk, each limit, malformed bodies, cleanup. */
class CommonsMultipartParserTest {
    private static final String TYPE = "multipart/form-data; boundary=XyZ";
    private static final MultipartParser.Limits LIMITS = new MultipartParser.Limits(1000, 5, 1024, 100, 1000);

    @TempDir
    Path temp;

    private final CommonsMultipartParser parser = new CommonsMultipartParser();

    private static byte[] body(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : parts) {
            out.writeBytes(("--XyZ\r\n" + p + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String field(String name, String value) {
        return "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value;
    }

    private static String file(String name, String filename, String content) {
        return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + content;
    }

    private MultipartParser.Parts parse(byte[] body, MultipartParser.Limits limits) throws IOException {
        return parser.parse(TYPE, body.length, new ByteArrayInputStream(body), limits, temp);
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.count();
        }
    }

    @Test
    void fieldsKeepTheirOrderAndRepeatsAndFilesTheirNamesAndTypes() throws IOException {
        MultipartParser.Parts parts = parse(body(field("a", "1"), field("a", "2"), field("é", "ü"),
                file("doc", "notes.txt", "hello")), LIMITS);
        assertEquals(List.of("1", "2"), parts.fields().get("a"));
        assertEquals(List.of("ü"), parts.fields().get("é"));
        Upload doc = parts.uploads().get(0);
        assertEquals("doc", doc.field());
        assertEquals("notes.txt", doc.filename());
        assertEquals("text/plain", doc.contentType());
        assertEquals(5, doc.size());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), doc.bytes());
        assertNull(((StoredUpload) doc).file(), "a small file stays in memory");
    }

    @Test
    void aFileOverTheThresholdGoesToATemporaryFile() throws IOException {
        String content = "x".repeat(500);
        Upload big = parse(body(file("f", "big.bin", content)), LIMITS).uploads().get(0);
        Path file = ((StoredUpload) big).file();
        assertNotNull(file);
        assertTrue(file.startsWith(temp));
        assertEquals(500, big.size());
        assertEquals(content, Files.readString(file));
        Path copy = temp.resolve("copy");
        big.copyTo(copy);
        assertEquals(content, Files.readString(copy));
        try (var in = big.inputStream()) {
            assertEquals(500, in.readAllBytes().length);
        }
    }

    @Test
    void manySmallFilesShareOneMemoryBudget() throws IOException {
        MultipartParser.Parts parts = parse(body(file("a", "a", "60 bytes".repeat(8).substring(0, 60)),
                file("b", "b", "x".repeat(60)), file("c", "c", "y".repeat(60))), LIMITS);
        assertNull(((StoredUpload) parts.uploads().get(0)).file(), "the first fits the budget of 100 bytes");
        assertNotNull(((StoredUpload) parts.uploads().get(1)).file(), "the second does not: it goes to disk");
        assertNotNull(((StoredUpload) parts.uploads().get(2)).file());
        assertEquals("x".repeat(60), new String(parts.uploads().get(1).bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyFileInputIsNoUpload() throws IOException {
        MultipartParser.Parts parts = parse(body(file("f", "", ""), field("x", "y")), LIMITS);
        assertTrue(parts.uploads().isEmpty());
        assertEquals(List.of("y"), parts.fields().get("x"));
    }

    @Test
    void aFileOverItsLimitIs413NamingTheFieldAndLeavesNoFile() throws IOException {
        MultipartException e = assertThrows(MultipartException.class,
                () -> parse(body(file("small", "a.txt", "x".repeat(500)), file("photo", "b.jpg", "y".repeat(1500))), LIMITS));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("'photo'"), e.getMessage());
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
        assertEquals(0, tempFiles(), "the first file's temporary file is gone too");
    }

    @Test
    void tooManyPartsIs413() {
        MultipartException e = assertThrows(MultipartException.class, () -> parse(body(field("a", "1"), field("b", "2"),
                field("c", "3"), field("d", "4"), field("e", "5"), field("f", "6")), LIMITS));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("more than 5 parts"), e.getMessage());
    }

    @Test
    void plainFieldsOverTheirLimitTogetherAre413() {
        MultipartException e = assertThrows(MultipartException.class,
                () -> parse(body(field("a", "x".repeat(600)), field("b", "y".repeat(600))), LIMITS));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("plain fields"), e.getMessage());
    }

    @Test
    void aPartHeaderOverItsLimitIsRefused() {
        String header = "Content-Disposition: form-data; name=\"a\"\r\nX-Junk: " + "j".repeat(2000) + "\r\n\r\nv";
        MultipartException e = assertThrows(MultipartException.class, () -> parse(body(header), LIMITS));
        assertTrue(e.status() == 413 || e.status() == 400, "status " + e.status());
    }

    @Test
    void malformedBodiesAre400() {
        byte[] truncated = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end".getBytes(StandardCharsets.UTF_8);
        MultipartException e = assertThrows(MultipartException.class, () -> parse(truncated, LIMITS));
        assertEquals(400, e.status());
        MultipartException noBoundary = assertThrows(MultipartException.class,
                () -> parser.parse("multipart/form-data", 3, new ByteArrayInputStream(new byte[3]), LIMITS, temp));
        assertEquals(400, noBoundary.status());
    }

    @Test
    void aTruncatedBodyDeletesTheFilesItWrote() throws IOException {
        byte[] whole = body(file("f", "big.bin", "x".repeat(500)));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 20);
        assertThrows(MultipartException.class, () -> parse(cut, LIMITS));
        assertEquals(0, tempFiles());
    }

    @Test
    void safeFilenamesKeepOnlyTheLastSegmentWithoutHostileCharacters() throws IOException {
        MultipartParser.Parts parts = parse(body(file("a", "..\\\\..\\\\win.ini", "1"), file("b", "../../etc/passwd", "2"),
                file("c", ".htaccess", "3"), file("d", "a<b>:c|d?.txt", "4"), file("e", "..", "5")), LIMITS);
        assertEquals("win.ini", parts.uploads().get(0).safeFilename());
        assertEquals("passwd", parts.uploads().get(1).safeFilename());
        assertEquals("htaccess", parts.uploads().get(2).safeFilename());
        assertEquals("a_b__c_d_.txt", parts.uploads().get(3).safeFilename());
        assertEquals("upload", parts.uploads().get(4).safeFilename());
        assertEquals("../../etc/passwd", parts.uploads().get(1).filename(), "the name as sent stays available");
    }
}
