package dev.hubbub.spring.boot.autoconfigure;

import dev.hubbub.server.HubServer;
import dev.hubbub.spring.boot.internal.EmbeddingLoops;
import dev.hubbub.spring.boot.internal.ReactorNettyHubMount;
import dev.hubbub.transport.EmbeddedTransport;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import dev.hubbub.spring.boot.internal.HubBeans;
import dev.hubbub.spring.boot.internal.PrincipalNegotiate;
import dev.hubbub.spring.boot.internal.PrincipalTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;
import reactor.netty.http.server.HttpServer;

/**
 * WebFlux on Reactor Netty: the hubs are served on the application's own port. Each new socket gets Hubbub's
 * handler behind Reactor Netty's HTTP codec, and requests for hub paths (negotiate, the three transports) go to it
 * instead of WebFlux; every other request reaches WebFlux as before. Only on Reactor Netty: WebFlux on Tomcat, Jetty or
 * Undertow gets the hubs on a port of their own ({@code hubbub.signalr.server.port}).
 */
@AutoConfiguration(after = ReactiveWebServerFactoryAutoConfiguration.class, before = HubbubAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({HttpServer.class, NettyReactiveWebServerFactory.class})
@ConditionalOnBean(NettyReactiveWebServerFactory.class)
@Conditional(OnSignalRHubsCondition.class)
public class HubbubWebFluxAutoConfiguration {

  /** The loops of Reactor Netty's server, where the embedded transport keeps its sweeps. */
  @Bean
  EmbeddingLoops hubbubEmbeddingLoops(ObjectProvider<ReactorResourceFactory> resources) {
    return new EmbeddingLoops(loops(resources).onServer(true));
  }

  /**
   * The loop resources the server runs on: Boot's {@link ReactorResourceFactory} when there is one, else Reactor
   * Netty's global ones. The mount makes the server run on them ({@code runOn}), so that the transport's sweeps
   * are on the loops that serve its sockets, whoever made the factory.
   */
  private static LoopResources loops(ObjectProvider<ReactorResourceFactory> resources) {
    ReactorResourceFactory factory = resources.getIfAvailable();
    return factory != null ? factory.getLoopResources() : HttpResources.get();
  }

  /**
   * Mounts the hubs into every socket of the application's Reactor Netty server (Boot's factory or one the
   * application declares).
   */
  @Bean
  WebServerFactoryCustomizer<NettyReactiveWebServerFactory> hubbubNettyServerCustomizer(
      ObjectProvider<HubServer> hubServer, ObjectProvider<PrincipalTokens> principalTokens,
      ObjectProvider<ReactorResourceFactory> resources) {
    TransportLookup lookup = new TransportLookup(hubServer);
    boolean throughApplication = principalTokens.getIfAvailable() != null;
    return factory -> factory.addServerCustomizers(
        server -> ReactorNettyHubMount.mount(server.runOn(loops(resources)), lookup::get, throughApplication));
  }

  /**
   * With Spring Security: the application's authenticated principal becomes the SignalR user. A hub's first
   * negotiate is answered by WebFlux, after the application's security filters, with a redirect to the hub carrying
   * a token with the principal's name; the hub transport then accepts only such tokens.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.security.core.Authentication")
  @ConditionalOnProperty(prefix = "hubbub.signalr.security", name = "principal-as-user", matchIfMissing = true)
  static class PrincipalAsUserConfiguration {

    @Bean
    PrincipalTokens hubbubPrincipalTokens() {
      return new PrincipalTokens(Duration.ofHours(1), Clock.systemUTC());
    }

    @Bean
    RouterFunction<ServerResponse> hubbubPrincipalNegotiate(ConfigurableListableBeanFactory beans,
        PrincipalTokens tokens) {
      List<String> paths = HubBeans.find(beans).stream().flatMap(h -> Stream.of(h.annotation().value())).toList();
      return PrincipalNegotiate.routes(paths, tokens);
    }
  }

  /** Finds the embedded transport once the hub server bean exists. */
  private static final class TransportLookup {
    private final ObjectProvider<HubServer> hubServer;
    private volatile @Nullable EmbeddedTransport transport;

    TransportLookup(ObjectProvider<HubServer> hubServer) {
      this.hubServer = hubServer;
    }

    @Nullable EmbeddedTransport get() {
      EmbeddedTransport t = transport;
      if (t == null) {
        HubServer server = hubServer.getIfAvailable();
        t = server == null ? null : server.embeddedTransport();
        transport = t;
      }
      return t;
    }
  }
}
