package dev.hubbub.spring.boot.bridge;

import dev.hubbub.server.ClientProxy;
import dev.hubbub.server.Hub;
import dev.hubbub.server.HubCallerContext;
import dev.hubbub.spring.boot.SignalRHub;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC application on Tomcat whose every request needs a signed-in user (HTTP Basic), with one hub served
 * by the servlet bridge and method security on it.
 */
@SpringBootApplication
@EnableWebSecurity
@EnableMethodSecurity
public class ServletBridgeApp {

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    // The SignalR clients' POSTs carry no CSRF token.
    return http.csrf(AbstractHttpConfigurer::disable)
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .httpBasic(b -> { })
        .build();
  }

  @Bean
  InMemoryUserDetailsManager users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}secret").roles("USER").build(),
        User.withUsername("bob").password("{noop}secret").roles("USER").build(),
        User.withUsername("root").password("{noop}secret").roles("ADMIN").build());
  }

  /** Invocations, sends to all, groups and users, and a method only admins may call. */
  @SignalRHub("/chat")
  public static class ChatHub extends Hub {
    public int add(int a, int b) {
      return a + b;
    }

    public String whoAmI() {
      return String.valueOf(context().userIdentifier());
    }

    public void send(String text) {
      clients().all().send("newMessage", context().userIdentifier(), text);
    }

    public CompletableFuture<Void> join(String group) {
      return groups().add(context().connectionId(), group);
    }

    public void sendToGroup(String group, String text) {
      clients().group(group).send("groupMessage", group, text);
    }

    public void sendToUser(String user, String text) {
      clients().user(user).send("direct", context().userIdentifier(), text);
    }

    /** Sends the caller {@code count} messages of {@code size} characters, as fast as they queue. */
    public void flood(int count, int size) {
      String payload = "x".repeat(size);
      for (int i = 0; i < count; i++) {
        clients().caller().send("flood", payload);
      }
    }

    /** How many times {@link #pacedFlood} has waited for its client so far (all calls). */
    static final AtomicInteger PACED_WAITS = new AtomicInteger();
    /** What the latest {@link #pacedFlood} call answers once it has sent everything. */
    static final AtomicReference<CompletableFuture<Integer>> LAST_PACED = new AtomicReference<>();

    /**
     * Sends the caller {@code count} messages of {@code size} characters, waiting through
     * {@link HubCallerContext#whenQueuedAtMost} whenever more than {@code high} bytes are queued for it; answers
     * how many times it waited.
     */
    public CompletableFuture<Integer> pacedFlood(int count, int size, int high) {
      Pacer pacer = new Pacer(context(), clients().caller(), "x".repeat(size), count, high);
      LAST_PACED.set(pacer.done);
      pacer.run();
      return pacer.done;
    }

    private static final class Pacer implements Runnable {
      final HubCallerContext context;
      final ClientProxy caller;
      final String payload;
      final int count;
      final int high;
      final CompletableFuture<Integer> done = new CompletableFuture<>();
      int sent;
      int waits;

      Pacer(HubCallerContext context, ClientProxy caller, String payload, int count, int high) {
        this.context = context;
        this.caller = caller;
        this.payload = payload;
        this.count = count;
        this.high = high;
      }

      @Override
      public void run() {
        while (sent < count) {
          caller.send("flood", payload);
          sent++;
          if (sent < count && context.queuedBytes() > high) {
            waits++;
            PACED_WAITS.incrementAndGet();
            context.whenQueuedAtMost(high / 2).thenRun(this);
            return;
          }
        }
        done.complete(waits);
      }
    }

    /** The server ends the caller's connection. */
    public void leave() {
      context().abort();
    }

    /** Spring Security's own check, through the hub bean's proxy. */
    @PreAuthorize("hasRole('ADMIN')")
    public String adminOnly() {
      return "admin ok: " + context().userIdentifier();
    }

    /** What Spring Security says about the caller while a hub method runs. */
    public String securityContextName() {
      var authentication = SecurityContextHolder.getContext().getAuthentication();
      return authentication == null ? "none" : authentication.getName();
    }
  }

  /** A Spring MVC route beside the hub. */
  @RestController
  public static class Controller {
    @GetMapping("/hello")
    public String hello() {
      return "hello from Spring MVC";
    }
  }
}
