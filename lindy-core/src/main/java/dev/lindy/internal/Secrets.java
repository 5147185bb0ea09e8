package dev.lindy.internal;

import dev.lindy.Settings;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets that sign cookies. In the {@code development} and {@code test} environments an app without
 * secrets gets a random one per process, with a warning; in any other environment it is an error, never a
 * silent random key that would log everybody out at each restart and differ between nodes.
 */
final class Secrets {
    private static final Logger LOG = LoggerFactory.getLogger("dev.lindy.Settings");
    private static volatile List<String> development;

    private Secrets() {
    }

    static List<String> orDevelopmentSecret(Settings settings) {
        if (!settings.secrets().isEmpty()) {
            return settings.secrets();
        }
        String env = settings.environment();
        if (!env.equals("development") && !env.equals("test")) {
            throw new IllegalStateException("signed cookies need the app's secrets, and the " + env
                    + " environment has none: set lindy.secrets in config.yml (or Settings.secrets)");
        }
        List<String> d = development;
        if (d == null) {
            synchronized (Secrets.class) {
                if (development == null) {
                    byte[] bytes = new byte[48];
                    new SecureRandom().nextBytes(bytes);
                    development = List.of(Base64.getEncoder().encodeToString(bytes));
                    LOG.warn("no secrets are set: signed cookies use a random key that changes at each start"
                            + " (set lindy.secrets before leaving the {} environment)", env);
                }
                d = development;
            }
        }
        return d;
    }
}
