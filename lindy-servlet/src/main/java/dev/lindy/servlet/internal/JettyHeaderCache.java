package dev.lindy.servlet.internal;

import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Finds Jetty connectors whose header cache is case-insensitive. Such a cache keeps the {@code Cookie},
 * {@code Authorization} and other common fields of earlier requests on a connection and hands a later
 * request the kept value when its own differs only in letter case, so the app would read a session cookie
 * or a token the client did not send. Jetty is reached by reflection through its public API, so the
 * adapter does not depend on it; anything unexpected means no finding.
 */
public final class JettyHeaderCache {
    private JettyHeaderCache() {
    }

    /**
     * Tells which of the container's connectors, if it is Jetty, keep a case-insensitive header cache.
     *
     * @param context the servlet context
     * @return the names of those connectors; empty when there are none, the container is not Jetty, or
     *     its configuration cannot be read
     */
    public static List<String> caseInsensitive(ServletContext context) {
        List<String> found = new ArrayList<>();
        String server = context.getServerInfo();
        if (server == null || !server.toLowerCase(Locale.ROOT).startsWith("jetty/")) {
            return found;
        }
        try {
            Object handler = call(context, "getContextHandler");
            Object jetty = call(handler, "getServer");
            for (Object connector : (Object[]) call(jetty, "getConnectors")) {
                for (Object factory : (Collection<?>) call(connector, "getConnectionFactories")) {
                    if (isCaseInsensitive(factory)) {
                        found.add(String.valueOf(connector));
                        break;
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException unexpected) {
            // Another Jetty shape: nothing to say rather than a guess.
        }
        return found;
    }

    private static boolean isCaseInsensitive(Object factory) throws ReflectiveOperationException {
        Object config;
        try {
            config = call(factory, "getHttpConfiguration");
        } catch (NoSuchMethodException notHttp) {
            return false;
        }
        return !(Boolean) call(config, "isHeaderCacheCaseSensitive") && (Integer) call(config, "getHeaderCacheSize") > 0;
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }
}
