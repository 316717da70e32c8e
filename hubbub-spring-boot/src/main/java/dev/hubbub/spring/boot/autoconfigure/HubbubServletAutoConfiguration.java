package dev.hubbub.spring.boot.autoconfigure;

import dev.hubbub.server.HubServer;
import dev.hubbub.spring.boot.internal.HubBeans;
import dev.hubbub.spring.boot.internal.PrincipalTokens;
import dev.hubbub.spring.boot.internal.ServletNegotiateFilter;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;

/**
 * The servlet stack (Tomcat, Spring MVC): the hub server listens on a port of its own
 * ({@code hubbub.signalr.server.port}), and each hub's negotiate on the application's port redirects there with the
 * request's principal. See docs/spring.md for why this is not a servlet bridge.
 */
@AutoConfiguration(before = HubbubAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.Filter")
@Conditional(OnSignalRHubsCondition.class)
public class HubbubServletAutoConfiguration {

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
    registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
    return registration;
  }
}
