package dev.hubbub.spring.boot.autoconfigure;

import dev.hubbub.server.HubServer;
import dev.hubbub.spring.boot.HubbubSignalRProperties;
import dev.hubbub.spring.boot.internal.EmbeddingLoops;
import dev.hubbub.spring.boot.internal.HubBeans;
import dev.hubbub.spring.boot.internal.PrincipalTokens;
import dev.hubbub.spring.boot.internal.ServletNegotiateFilter;
import dev.hubbub.spring.boot.internal.servlet.ServletHubBridge;
import dev.hubbub.transport.Authenticator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.jspecify.annotations.Nullable;

/**
 * The servlet stack (Tomcat, Spring MVC). By default the servlet bridge serves the hubs on the application's own
 * port ({@link ServletHubBridge}: negotiate, WebSockets through Jakarta WebSocket, SSE and long polling on servlet
 * async I/O). With {@code hubbub.signalr.servlet.mode=REDIRECT}, or behind a SignalR service, the hub server listens
 * on a port of its own ({@code hubbub.signalr.server.port}) and each hub's negotiate on the application's port
 * redirects there with the request's principal.
 */
@AutoConfiguration(before = HubbubAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.Filter")
@Conditional(OnSignalRHubsCondition.class)
public class HubbubServletAutoConfiguration {

  /** After Spring Security's filters (its default order is -100), so that the request's principal is known. */
  private static final int FILTER_ORDER = Ordered.LOWEST_PRECEDENCE - 10;

  /** The hubs on the application's port through the servlet container. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(OnServletBridgeCondition.class)
  static class BridgeConfiguration {

    /**
     * The loops that run the bridge's connections: hub-layer callbacks and timers, one loop per connection (no
     * sockets: the container owns those). The hub server starts embedded on them and listens nowhere.
     */
    @Bean
    BridgeLoops hubbubServletBridgeLoops(HubbubSignalRProperties properties, ObjectProvider<HubServer> hubServer) {
      return new BridgeLoops(properties.getServlet().getThreads(), hubServer);
    }

    @Bean
    EmbeddingLoops hubbubEmbeddingLoops(BridgeLoops loops) {
      return new EmbeddingLoops(loops.group);
    }

    @Bean
    FilterRegistrationBean<ServletHubBridge> hubbubServletBridge(ConfigurableListableBeanFactory beans,
        ObjectProvider<HubServer> hubServer, ObjectProvider<Authenticator> authenticators, BridgeLoops loops,
        Environment environment) {
      List<String> paths = HubBeans.find(beans).stream().flatMap(h -> Stream.of(h.annotation().value())).toList();
      Authenticator own = authenticators.orderedStream().filter(a -> !(a instanceof PrincipalTokens)).findFirst()
          .orElse(null);
      ServletHubBridge bridge = new ServletHubBridge(paths, path -> hubServer.getObject().bridge(path), own,
          environment.getProperty("hubbub.signalr.security.principal-as-user", Boolean.class, true), loops.group);
      loops.bridge = bridge;
      FilterRegistrationBean<ServletHubBridge> registration = new FilterRegistrationBean<>(bridge);
      registration.setName("hubbubServletBridge");
      registration.setAsyncSupported(true);
      registration.setOrder(FILTER_ORDER);
      return registration;
    }
  }

  /** The redirect to the hub server's own port (opt-in, or behind a SignalR service). */
  @Configuration(proxyBeanMethods = false)
  @Conditional(OnServletBridgeCondition.Not.class)
  static class RedirectConfiguration {

    /** Tokens that carry the principal from the servlet negotiate to the hub server. */
    @Bean
    PrincipalTokens hubbubPrincipalTokens() {
      return new PrincipalTokens(Duration.ofHours(1), Clock.systemUTC());
    }

    /** Answers each hub's negotiate on the application's port; after Spring Security's filters. */
    @Bean
    FilterRegistrationBean<ServletNegotiateFilter> hubbubServletNegotiate(ConfigurableListableBeanFactory beans,
        PrincipalTokens tokens, ObjectProvider<HubServer> hubServer) {
      Set<String> paths = HubBeans.find(beans).stream().flatMap(h -> Stream.of(h.annotation().value()))
          .collect(Collectors.toSet());
      FilterRegistrationBean<ServletNegotiateFilter> registration = new FilterRegistrationBean<>(
          new ServletNegotiateFilter(paths, tokens, () -> hubServer.getObject().port()));
      registration.setName("hubbubNegotiate");
      registration.setOrder(FILTER_ORDER);
      return registration;
    }
  }

  /**
   * Owns the bridge's loops. It stops early (a {@link SmartLifecycle} in the default phase, before the web server's
   * graceful shutdown): the hub server tells its clients it is going away and the bridge answers its open streams
   * and parked polls, so that the shutdown does not wait for them (the hub server's own close later is a no-op).
   * The loops end when the bean is destroyed.
   */
  static final class BridgeLoops implements SmartLifecycle, DisposableBean {
    final EventLoopGroup group;
    private final ObjectProvider<HubServer> hubServer;
    volatile @Nullable ServletHubBridge bridge;
    private volatile boolean running;

    BridgeLoops(int threads, ObjectProvider<HubServer> hubServer) {
      // Loops without sockets (the local transport's handler does no I/O here): tasks and timers only.
      this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("hubbub-servlet-bridge", true),
          LocalIoHandler.newFactory());
      this.hubServer = hubServer;
    }

    @Override
    public void start() {
      running = true;
    }

    @Override
    public void stop() {
      running = false;
      HubServer server = hubServer.getIfAvailable();
      if (server != null) {
        server.close();
      }
      ServletHubBridge b = bridge;
      if (b != null) {
        b.close();
      }
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public void destroy() {
      stop();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
