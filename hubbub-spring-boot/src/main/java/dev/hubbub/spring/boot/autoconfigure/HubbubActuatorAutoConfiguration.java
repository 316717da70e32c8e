package dev.hubbub.spring.boot.autoconfigure;

import dev.hubbub.server.HubServer;
import dev.hubbub.server.HubServerHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator: a {@code hubbub} health contributor (the hub server's health: up when serving, and behind a service when
 * every hub has a connected service connection) and Micrometer meters.
 */
@AutoConfiguration(after = HubbubAutoConfiguration.class)
@ConditionalOnBean(HubServer.class)
public class HubbubActuatorAutoConfiguration {

  /** The {@code hubbub} health contributor, at {@code /actuator/health/hubbub}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("hubbub")
  static class HealthConfiguration {

    @Bean
    HealthIndicator hubbubHealthIndicator(HubServer server) {
      return () -> {
        HubServerHealth health = server.health();
        Health.Builder builder = health.healthy() ? Health.up() : Health.down();
        Map<String, Object> hubs = new LinkedHashMap<>();
        health.hubs().forEach((path, hub) -> {
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("healthy", hub.healthy());
          if (!hub.serviceConnections().isEmpty()) {
            detail.put("serviceConnections", hub.serviceConnections().stream().map(Enum::name).toList());
          }
          hubs.put(path, detail);
        });
        return builder.withDetail("behindService", server.isBehindService()).withDetail("hubs", hubs).build();
      };
    }
  }

  /** Micrometer meters: {@code hubbub.signalr.connections}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class MetricsConfiguration {

    @Bean
    MeterBinder hubbubMeters(HubServer server) {
      return registry -> Gauge.builder("hubbub.signalr.connections", server, HubServer::connectionCount)
          .description("SignalR connections that completed their handshake, over all hubs")
          .baseUnit("connections").register(registry);
    }
  }
}
