package dev.hubbub.spring.boot.autoconfigure;

import dev.hubbub.spring.boot.HubbubSignalRProperties;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when the servlet bridge serves the hubs: {@code hubbub.signalr.servlet.mode} is {@code BRIDGE} (the
 * default), the Jakarta WebSocket API is there, and the hubs are self-hosted. Behind a SignalR service (or the dev service) clients go to the service,
 * and the application's negotiate redirects them there through the hub server, as in {@code REDIRECT} mode.
 */
class OnServletBridgeCondition implements ConfigurationCondition {

  @Override
  public ConfigurationPhase getConfigurationPhase() {
    return ConfigurationPhase.REGISTER_BEAN;
  }

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return bridge(context);
  }

  static boolean bridge(ConditionContext context) {
    HubbubSignalRProperties properties = OnDevServiceCondition.properties(context.getEnvironment());
    // The bridge's WebSockets need the Jakarta WebSocket API (tomcat-embed-websocket, in spring-boot-starter-web).
    return properties.getServlet().getMode() == HubbubSignalRProperties.ServletMode.BRIDGE
        && ClassUtils.isPresent("jakarta.websocket.server.ServerContainer", context.getClassLoader())
        && !OnSignalRConnectionCondition.present(context);
  }

  /** The opposite: the redirect to the hub server's own port. */
  static final class Not extends OnServletBridgeCondition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return !bridge(context);
    }
  }
}
