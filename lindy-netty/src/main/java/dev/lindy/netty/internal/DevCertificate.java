package dev.lindy.netty.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for development, made with the JDK's own {@code keytool} (so nothing beyond the
 * JDK is needed) for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, and written as the PEM files
 * HTTPS is configured with.
 *
 * @param certificate the certificate, PEM
 * @param key the private key, PKCS#8 PEM
 */
public record DevCertificate(Path certificate, Path key) {

    /**
     * Makes a certificate and its key in a directory.
     *
     * @param dir where the files go
     * @return the files
     * @throws IOException if keytool fails or the files cannot be written
     */
    public static DevCertificate create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path store = dir.resolve("dev-tls.p12");
        Path log = dir.resolve("keytool.log");
        Files.deleteIfExists(store);
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "lindy", "-keyalg", "EC", "-groupname",
                "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-ext",
                "san=dns:localhost,ip:127.0.0.1,ip:::1", "-validity", "825", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", password, "-keypass", password).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            // Its output goes to a file, so a keytool that hangs is given up on at the timeout.
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            if (!done || p.exitValue() != 0) {
                throw new IOException("keytool could not make a development certificate: "
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool made a development certificate", e);
        } finally {
            Files.deleteIfExists(log);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            Key key = ks.getKey("lindy", password.toCharArray());
            Certificate cert = ks.getCertificate("lindy");
            Path certFile = dir.resolve("dev-tls.crt");
            Path keyFile = dir.resolve("dev-tls.key");
            Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
            return new DevCertificate(certFile, keyFile);
        } catch (GeneralSecurityException e) {
            throw new IOException("the development certificate cannot be read back: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(store);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
