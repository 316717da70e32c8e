package dev.hubbub.samples.springchat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The chat sample as a Spring Boot application: {@link ChatHub} is a Spring bean served on the application's own
 * port (WebFlux), beside the page and a REST endpoint; with no connection string the dev service starts the
 * SignalR emulator in process and the hub is hosted behind it, as it would be behind Azure SignalR Service.
 */
@SpringBootApplication
public class SpringChatApplication {

  public static void main(String[] args) {
    SpringApplication.run(SpringChatApplication.class, args);
  }
}
