package dev.lindy.netty.internal;

import dev.lindy.Settings;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS: its certificate and key (PEM files from the settings, or a development certificate
 * made at start), the engine (OpenSSL through netty-tcnative when it is on the class path, the JDK's
 * otherwise; the start-up log says which), and ALPN offering HTTP/2 before HTTP/1.1.
 */
public final class Tls {
    private static final Logger LOG = LoggerFactory.getLogger(Tls.class);

    private Tls() {
    }

    /**
     * Makes the TLS context of the settings.
     *
     * @param settings the certificate, the key, whether to make a development certificate and HTTP/2
     * @return the context, or null when the settings ask for no TLS
     * @throws IOException if a file cannot be read or a development certificate cannot be made
     */
    public static SslContext context(Settings settings) throws IOException {
        Path certificate = settings.tlsCertificate();
        Path key = settings.tlsKey();
        if (certificate == null && settings.devTls()) {
            DevCertificate dev = DevCertificate.create(Files.createTempDirectory("lindy-dev-tls"));
            dev.certificate().toFile().deleteOnExit();
            dev.key().toFile().deleteOnExit();
            dev.certificate().getParent().toFile().deleteOnExit();
            certificate = dev.certificate();
            key = dev.key();
            LOG.warn("serving HTTPS with a self-signed development certificate for localhost; browsers will warn");
        }
        if (certificate == null) {
            return null;
        }
        Path cert = settings.appDir().resolve(certificate);
        Path privateKey = settings.appDir().resolve(key);
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        try {
            KeyPair.check(cert.toFile(), privateKey.toFile());
            SslContextBuilder builder = SslContextBuilder.forServer(cert.toFile(), privateKey.toFile()).sslProvider(provider);
            if (settings.http2()) {
                builder.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                                ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
            }
            SslContext context = builder.build();
            LOG.info("TLS through {}{}", provider == SslProvider.OPENSSL ? "OpenSSL (netty-tcnative)" : "the JDK",
                    settings.http2() ? ", HTTP/2 and HTTP/1.1 by ALPN" : "");
            return context;
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            throw new IOException("TLS cannot start with " + cert + " and " + privateKey + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a key is the certificate's, by signing with the one and verifying with the other: neither
     * engine checks it, and a mismatched pair would start and then fail every handshake.
     */
    private abstract static class KeyPair extends SslContext {
        static void check(File certificate, File key) throws GeneralSecurityException, IOException {
            X509Certificate[] chain = toX509Certificates(certificate);
            PrivateKey privateKey = toPrivateKey(key, null);
            if (chain == null || chain.length == 0) {
                throw new GeneralSecurityException(certificate + " holds no certificate");
            }
            if (!privateKey.getAlgorithm().equals(chain[0].getPublicKey().getAlgorithm())) {
                throw new GeneralSecurityException(key + " is not the key of the certificate in " + certificate
                        + ": a " + privateKey.getAlgorithm() + " key for a " + chain[0].getPublicKey().getAlgorithm()
                        + " certificate");
            }
            String algorithm = signature(privateKey.getAlgorithm());
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signed = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(chain[0].getPublicKey());
            verifier.update(probe);
            boolean matches;
            try {
                matches = verifier.verify(signed);
            } catch (SignatureException e) {
                matches = false;
            }
            if (!matches) {
                throw new GeneralSecurityException(key + " is not the key of the certificate in " + certificate
                        + " (" + chain[0].getSubjectX500Principal().getName() + ")");
            }
        }

        private static String signature(String keyAlgorithm) throws GeneralSecurityException {
            switch (keyAlgorithm) {
                case "RSA":
                    return "SHA256withRSA";
                case "EC":
                    return "SHA256withECDSA";
                case "Ed25519":
                case "Ed448":
                case "EdDSA":
                    return keyAlgorithm;
                default:
                    throw new GeneralSecurityException("a key of type " + keyAlgorithm + " cannot serve TLS here");
            }
        }
    }
}
