package dev.hubbub.spring.boot.autoconfigure;

import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.protocol.connection.ConnectionString;
import dev.hubbub.server.HubServer;
import dev.hubbub.server.ServiceMode;
import dev.hubbub.spring.boot.HubbubConfigurationException;
import dev.hubbub.spring.boot.HubServerCustomizer;
import dev.hubbub.spring.boot.HubbubSignalRProperties;
import dev.hubbub.spring.boot.internal.DevService;
import dev.hubbub.spring.boot.internal.EmbeddingLoops;
import dev.hubbub.spring.boot.internal.HubBeans;
import dev.hubbub.spring.boot.internal.HubContextRegistrar;
import dev.hubbub.spring.boot.internal.MeteredLifetimeManager;
import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.core.spi.HubLifetimeManagerFactory;
import dev.hubbub.spring.boot.internal.PrincipalTokens;
import dev.hubbub.spring.boot.internal.SignalRConnection;
import dev.hubbub.transport.Authenticator;
import dev.hubbub.spring.boot.internal.HubInvocations;
import dev.hubbub.transport.TransportRoute;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.aop.Advisor;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Hubbub's auto-configuration: the {@code @SignalRHub} beans served by a {@link HubServer} (on the application's
 * own port under WebFlux), self-hosted or behind the configured SignalR service; a {@code HubContextOf<H>} bean per
 * hub; a {@link ServiceManager} when a service is configured; the dev service in development.
 */
@AutoConfiguration
@EnableConfigurationProperties(HubbubSignalRProperties.class)
@Import(HubbubAutoConfiguration.ProxyCreatorRegistrar.class)
public class HubbubAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.spring");

  /**
   * Runs first on every call of a hub bean's proxy: binds the target, counts invocations, and gives Spring
   * Security's method security the caller ({@link HubInvocations}). Infrastructure, so that the auto-proxy creator
   * that method security uses applies it too.
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static Advisor hubbubHubInvocations(ConfigurableListableBeanFactory beans) {
    Map<Class<?>, String> paths = new HashMap<>();
    for (HubBeans.HubBean hub : HubBeans.find(beans)) {
      paths.putIfAbsent(hub.type(), hub.annotation().value().length == 0 ? hub.type().getSimpleName()
          : TransportRoute.normalize(hub.annotation().value()[0]));
    }
    DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
        new AnnotationMatchingPointcut(dev.hubbub.spring.boot.SignalRHub.class, true),
        new HubInvocations(paths, () -> meterRegistry(beans)));
    advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return advisor;
  }

  private static @Nullable Object meterRegistry(ConfigurableListableBeanFactory beans) {
    String type = "io.micrometer.core.instrument.MeterRegistry";
    if (!ClassUtils.isPresent(type, HubbubAutoConfiguration.class.getClassLoader())) {
      return null;
    }
    return beans.getBeanProvider(ClassUtils.resolveClassName(type, HubbubAutoConfiguration.class.getClassLoader()))
        .getIfAvailable();
  }

  /** Makes sure there is an auto-proxy creator for the advisor above (Boot's AOP auto-configuration adds one). */
  static final class ProxyCreatorRegistrar implements ImportBeanDefinitionRegistrar {
    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
      AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
    }
  }

  /** Registers a {@code HubContextOf<H>} bean per hub. */
  @Bean
  static HubContextRegistrar hubbubHubContextRegistrar() {
    return new HubContextRegistrar();
  }

  /** The connection string the application is configured with, or the dev service's, or none. */
  @Bean
  SignalRConnection hubbubSignalRConnection(HubbubSignalRProperties properties, Environment environment,
      ObjectProvider<DevService> devService) {
    SignalRConnection configured = SignalRConnection.resolve(properties, environment);
    if (configured.present()) {
      return configured;
    }
    DevService dev = devService.getIfAvailable();
    return dev == null ? configured
        : new SignalRConnection(ConnectionString.parse(dev.connectionString()), "hubbub.signalr.dev-service");
  }

  /** The hub server: the application's hubs, embedded in its Netty server when it has one. */
  @Bean(destroyMethod = "close")
  @Conditional(OnSignalRHubsCondition.class)
  @ConditionalOnMissingBean
  HubServer hubbubHubServer(ConfigurableListableBeanFactory beans, HubbubSignalRProperties properties,
      SignalRConnection connection, ObjectProvider<EmbeddingLoops> loops,
      ObjectProvider<Authenticator> authenticator, ObjectProvider<HubLifetimeManagerFactory> lifetimeManagers,
      ObjectProvider<HubServerCustomizer> customizers) {
    List<HubBeans.HubBean> hubs = HubBeans.find(beans);
    HubServer.Builder builder = HubServer.builder();
    for (HubBeans.HubBean hub : hubs) {
      for (String path : hub.annotation().value()) {
        map(builder, path, hub.type(), hub.beanName(), beans);
        if (!hub.annotation().serviceHubName().isEmpty()) {
          builder.serviceHubName(path, hub.annotation().serviceHubName());
        }
      }
    }
    builder.options(o -> o.enableDetailedErrors(properties.isEnableDetailedErrors()));
    if (!properties.getAllowedOrigins().isEmpty()) {
      builder.cors(Set.copyOf(properties.getAllowedOrigins()));
    }
    // An application's own Authenticator wins over the one that carries Spring Security's principal.
    List<Authenticator> authenticators = authenticator.orderedStream().toList();
    authenticators.stream().filter(a -> !(a instanceof PrincipalTokens)).findFirst()
        .or(() -> authenticators.stream().findFirst()).ifPresent(builder::authenticator);
    List<HubLifetimeManagerFactory> decorators = lifetimeManagers.orderedStream().toList();
    if (!decorators.isEmpty()) {
      builder.lifetimeManagers((hub, built) -> {
        HubLifetimeManager manager = built;
        for (HubLifetimeManagerFactory decorator : decorators) {
          manager = decorator.create(hub, manager);
        }
        return manager;
      });
    }
    ConnectionString service = connection.value();
    if (service != null) {
      behindService(builder, properties, connection, service);
    }
    EmbeddingLoops embedIn = loops.getIfAvailable();
    if (embedIn == null) {
      builder.port(properties.getServer().getPort()).bindAddress(properties.getServer().getAddress());
      if (properties.getAllowedOrigins().isEmpty()) {
        // Pages on the application's origin connect here cross-origin; every request needs a token that only the
        // application's negotiate issues, so the origin adds no protection here.
        builder.cors(Set.of("*"));
      }
    }
    customizers.orderedStream().forEach(c -> c.customize(builder));
    try {
      HubServer server = embedIn != null ? builder.startEmbedded(embedIn.group()) : builder.start();
      log.info("Hubbub hubs {} {}{}", hubs.stream().map(h -> List.of(h.annotation().value())).toList(),
          service == null ? "self-hosted" : "behind the SignalR service " + service.endpoint() + " (from "
              + connection.source() + ")",
          embedIn != null ? ", on the application's port" : " on their own port " + server.port());
      return server;
    } catch (IllegalStateException e) {
      if (e.getMessage() != null && e.getMessage().contains("Serverless")) {
        throw new HubbubConfigurationException("hubbub.signalr.service-mode", e.getMessage(),
            "set hubbub.signalr.service-mode=DEFAULT (or Azure__SignalR__" + properties.getConnectionName()
                + "__ServiceMode=Default), or serve no @SignalRHub and use the ServiceManager bean", e);
      }
      throw e;
    }
  }

  private static <H extends dev.hubbub.server.Hub> void map(HubServer.Builder builder, String path, Class<H> type,
      String beanName, ConfigurableListableBeanFactory beans) {
    builder.hub(path, type, () -> beans.getBean(beanName, type));
  }

  private static void behindService(HubServer.Builder builder, HubbubSignalRProperties properties,
      SignalRConnection connection, ConnectionString service) {
    Integer count = properties.getConnectionCount();
    if (count != null && count < 1) {
      throw new HubbubConfigurationException("hubbub.signalr.connection-count", "the connection count must be at "
          + "least 1, was " + count, "set it to 1 or more (the SDK's default is 5), or remove it", 
          new IllegalArgumentException("connectionCount " + count));
    }
    ServiceMode mode = properties.getServiceMode();
    if (mode == ServiceMode.SERVERLESS) {
      throw new HubbubConfigurationException("hubbub.signalr.service-mode", "the SignalR service is in Serverless "
          + "mode, where it accepts no hub server, but the application serves @SignalRHub hubs",
          "set hubbub.signalr.service-mode=DEFAULT, or serve no @SignalRHub and use the ServiceManager bean",
          new IllegalStateException("Serverless with hubs"));
    }
    if (service.accessKey().isEmpty()) {
      throw new HubbubConfigurationException(connection.source(), "the SignalR connection string " + service
          + " has no AccessKey; only access-key authentication is supported", "add AccessKey=<key> to it",
          new IllegalArgumentException("no AccessKey"));
    }
    builder.useNamedAzureSignalR(properties.getConnectionName(), o -> {
      o.connectionString(service);
      if (mode != null) {
        o.serviceMode(mode);
      }
      if (properties.getServerStickyMode() != null) {
        o.serverStickyMode(properties.getServerStickyMode());
      }
      if (count != null) {
        o.connectionCount(count);
      }
      if (properties.getApplicationName() != null) {
        o.applicationName(properties.getApplicationName());
      }
    });
  }

  /** The management SDK, for serverless sends, when a service is configured (or the dev service runs). */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(OnSignalRConnectionCondition.class)
  ServiceManager hubbubServiceManager(SignalRConnection connection, HubbubSignalRProperties properties) {
    ConnectionString service = connection.value();
    if (service == null) {
      throw new IllegalStateException("No SignalR connection string");
    }
    return new ServiceManagerBuilder().connectionString(service)
        .applicationName(properties.getApplicationName()).build();
  }

  /** Counts each hub's sends in Micrometer ({@code hubbub.signalr.messages.sent}) when there is a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class MessageMetersConfiguration {

    @Bean
    HubLifetimeManagerFactory hubbubMessageMeters(
        ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
      return MeteredLifetimeManager.factory(registry::getIfAvailable);
    }
  }

  /** The dev service: an embedded Hubbub service in development when no connection string is configured. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.hubbub.service.HubbubService")
  static class DevServiceConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(OnDevServiceCondition.class)
    DevService hubbubDevService(HubbubSignalRProperties properties, ConfigurableListableBeanFactory beans) {
      boolean serverless = beans.getBeanNamesForAnnotation(dev.hubbub.spring.boot.SignalRHub.class).length == 0;
      return DevService.start(properties.getDevService().getPort(), serverless);
    }
  }

}
