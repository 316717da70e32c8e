package dev.hubbub.test;

import dev.hubbub.service.ServiceMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against an embedded Hubbub SignalR service on a free loopback port: started before the
 * class's first test, closed after its last (or, with {@link #shared()}, at the end of the test run), hubs cleared
 * after each test. Parameters (and annotated fields) get the service, its endpoint and connection string, the
 * management SDK's {@code ServiceManager} and {@code ServiceHubContext}s, and {@link TestClients}; see
 * {@link HubbubServiceExtension}. Nested classes use their outer class's service.
 *
 * <pre>{@code
 * @HubbubServiceTest(hub = "chat")
 * class ChatTest {
 *   @Test
 *   void broadcast(ServiceHubContext chat, TestClients clients) {
 *     HubTestClient alice = clients.connect("chat");
 *     chat.clients().all().send("newMessage", "hi");
 *     assertThat(alice.on("newMessage").awaitNext().arguments()).containsExactly("hi");
 *   }
 * }
 * }</pre>
 *
 * <p>For options beyond these attributes, register the extension in code instead:
 * {@code @RegisterExtension static HubbubServiceExtension hubbub = HubbubServiceExtension.builder()...build();}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HubbubServiceExtension.class)
public @interface HubbubServiceTest {
  /** The service mode: serverless (the default, as the official emulator) or Default, for Java hub servers. */
  ServiceMode mode() default ServiceMode.SERVERLESS;

  /**
   * One service for every test class that asks for a shared service with the same mode, started once and closed
   * at the end of the run; hubs are still cleared after each test. Classes that share a service must not run in
   * parallel.
   */
  boolean shared() default false;

  /** The hub of {@code ServiceHubContext} parameters and fields without {@link HubName}; empty for none. */
  String hub() default "";
}
