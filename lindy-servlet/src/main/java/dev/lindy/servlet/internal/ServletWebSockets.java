package dev.lindy.servlet.internal;

import dev.lindy.Settings;
import dev.lindy.spi.Loop;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * WebSocket upgrades through the container's Jakarta WebSocket (2.1 or later, which can upgrade from a
 * servlet). The only class of the adapter that names Jakarta WebSocket types, so a container without them
 * still loads the servlet.
 */
public final class ServletWebSockets {
    private ServletWebSockets() {
    }

    /**
     * Tells why a container cannot upgrade to WebSocket.
     *
     * @param context the servlet context
     * @return the reason, or null when it can
     */
    public static String missing(ServletContext context) {
        Object container = context.getAttribute("jakarta.websocket.server.ServerContainer");
        if (container == null) {
            return "the container offers no Jakarta WebSocket (no jakarta.websocket.server.ServerContainer in the"
                    + " servlet context; in embedded Jetty 12 configure JakartaWebSocketServletContainerInitializer,"
                    + " in embedded Tomcat add org.apache.tomcat.websocket.server.WsSci)";
        }
        try {
            ServerContainer.class.getMethod("upgradeHttpToWebSocket", Object.class, Object.class,
                    ServerEndpointConfig.class, Map.class);
            return container instanceof ServerContainer ? null : "the container's WebSocket is not Jakarta WebSocket";
        } catch (NoSuchMethodException | LinkageError e) {
            return "the container's Jakarta WebSocket is older than 2.1, which added upgrades from a servlet";
        }
    }

    /**
     * Upgrades a request in the servlet's own call.
     *
     * @param req the request
     * @param res the response
     * @param upgrade what the app decided
     * @param loop the loop the socket's events run on
     * @param settings message size and time limits
     * @throws Exception if the container refuses
     */
    public static void upgrade(HttpServletRequest req, HttpServletResponse res, UpgradeExchange.Upgrade upgrade,
            Loop loop, Settings settings) throws Exception {
        ServerContainer container = (ServerContainer) req.getServletContext()
                .getAttribute("jakarta.websocket.server.ServerContainer");
        JakartaSocket socket = new JakartaSocket(upgrade.handler(), loop, settings);
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(JakartaSocket.class, "/")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(socket);
                    }

                    // Lindy checked the origin already, against its own settings.
                    @Override
                    public boolean checkOrigin(String origin) {
                        return true;
                    }

                    @Override
                    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request,
                            HandshakeResponse response) {
                        upgrade.headers().forEach((name, value) -> response.getHeaders().put(name, List.of(value)));
                    }
                })
                .build();
        container.upgradeHttpToWebSocket(req, res, config, Map.of());
    }
}
