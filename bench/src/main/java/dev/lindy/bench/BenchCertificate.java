package dev.lindy.bench;

import dev.lindy.netty.internal.DevCertificate;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes the one self-signed certificate of a bench run, for {@code localhost} and {@code 127.0.0.1}, with the
 * code Lindy's {@code devTls} uses: {@code java -cp lindy-bench.jar dev.lindy.bench.BenchCertificate DIR} writes
 * the certificate and its key as PEM files into DIR and prints their paths, one a line. Raw Netty and Lindy are
 * then handed the same files.
 */
public final class BenchCertificate {
    private BenchCertificate() {
    }

    /**
     * Writes the files.
     *
     * @param args the directory
     * @throws IOException if keytool fails or the files cannot be written
     */
    public static void main(String[] args) throws IOException {
        DevCertificate files = DevCertificate.create(Path.of(args[0]));
        System.out.println(files.certificate().toAbsolutePath());
        System.out.println(files.key().toAbsolutePath());
    }
}
