package dev.lindy.internal;

import dev.lindy.Settings;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets that sign cookies and seal cookie sessions. In the {@code development} and {@code test}
 * environments an app without secrets gets a random one per process, with a warning; in any other
 * environment such an app does not start, rather than make up a key that would log everybody out at each
 * restart and differ between nodes.
 */
public final class Secrets {
    private static final Logger LOG = LoggerFactory.getLogger("dev.lindy.Settings");
    private static volatile List<String> development;

    private Secrets() {
    }

    /**
     * Checks that an app may start with its settings' secrets: any secrets will do, and none only in the
     * {@code development} and {@code test} environments.
     *
     * @param settings the app's settings
     * @throws IllegalStateException if the environment is another and there are no secrets, with a message
     *     that says how to set them
     */
    public static void check(Settings settings) {
        if (settings.secrets().isEmpty() && !mayMakeOne(settings.environment())) {
            String env = settings.environment();
            throw new IllegalStateException("the " + env + " environment has no secrets, and outside development"
                    + " and test an app needs them to sign cookies and seal cookie sessions: set lindy.secrets"
                    + " in config.yml or environments/" + env + ".yml, taken from an environment variable"
                    + " (secrets: [\"${APP_SECRET}\"]), or call Settings.Builder.secrets; make a secret with"
                    + " `openssl rand -base64 48`");
        }
    }

    static List<String> orDevelopmentSecret(Settings settings) {
        if (!settings.secrets().isEmpty()) {
            return settings.secrets();
        }
        check(settings);
        List<String> d = development;
        if (d == null) {
            synchronized (Secrets.class) {
                if (development == null) {
                    byte[] bytes = new byte[48];
                    new SecureRandom().nextBytes(bytes);
                    development = List.of(Base64.getEncoder().encodeToString(bytes));
                    LOG.warn("no secrets are set: signed cookies use a random key that changes at each start"
                            + " (set lindy.secrets before leaving the {} environment)", settings.environment());
                }
                d = development;
            }
        }
        return d;
    }

    private static boolean mayMakeOne(String environment) {
        return environment.equals("development") || environment.equals("test");
    }
}
