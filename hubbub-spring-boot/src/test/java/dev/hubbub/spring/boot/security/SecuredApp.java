package dev.hubbub.spring.boot.security;

import dev.hubbub.server.Hub;
import dev.hubbub.spring.boot.SignalRHub;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;

/** An application whose every request needs a signed-in user, with one hub. */
@SpringBootApplication
@EnableWebFluxSecurity
public class SecuredApp {

  /**
   * Reactor Netty, although Tomcat is on the test classpath too (for the servlet tests), where Boot would prefer it.
   */
  @org.springframework.context.annotation.Bean
  org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory nettyFactory() {
    return new org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory();
  }

  @Bean
  SecurityWebFilterChain security(ServerHttpSecurity http) {
    // The hub's negotiate needs a signed-in user; the SignalR client's POSTs carry no CSRF token.
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .authorizeExchange(e -> e.anyExchange().authenticated())
        .httpBasic(b -> { })
        .build();
  }

  @Bean
  MapReactiveUserDetailsService users() {
    return new MapReactiveUserDetailsService(User.withUsername("alice").password("{noop}secret").roles("USER")
        .build(), User.withUsername("root").password("{noop}secret").roles("ADMIN").build());
  }

  /** Tells the caller who the hub thinks it is. */
  @SignalRHub("/secure")
  public static class SecureHub extends Hub {
    public String whoAmI() {
      String user = context().userIdentifier();
      return user == null ? "anonymous" : user;
    }

    /** Spring Security's ROLE_ADMIN is hub role ADMIN. */
    @dev.hubbub.server.Authorize(roles = "ADMIN")
    public String adminOnly() {
      return "admin ok";
    }
  }
}
