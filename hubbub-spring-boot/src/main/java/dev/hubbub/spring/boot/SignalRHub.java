package dev.hubbub.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * Declares a {@link dev.hubbub.server.Hub} as a Spring bean served at the given paths on the application's own
 * port (or behind the SignalR service the application is configured with).
 *
 * <pre>{@code
 * @SignalRHub("/chat")
 * public class ChatHub extends Hub {
 *   private final ChatHistory history;
 *
 *   public ChatHub(ChatHistory history) { // constructor injection
 *     this.history = history;
 *   }
 *
 *   public void send(String user, String text) {
 *     history.add(user, text);
 *     clients().all().send("newMessage", user, text);
 *   }
 * }
 * }</pre>
 *
 * <p>A hub is a prototype bean, as ASP.NET Core's hubs are transient: each invocation and lifecycle event gets a new
 * instance, so hub fields are not shared between concurrent calls. Keep state in singleton beans you inject.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public @interface SignalRHub {

  /** The paths the hub is mapped at, such as {@code /chat}; clients connect to {@code /chat} (negotiate first). */
  String[] value();

  /**
   * The hub's name on a SignalR service it is hosted behind; default the class's simple name, as Azure's server
   * SDK names it. REST calls and the management SDK use it.
   */
  String serviceHubName() default "";
}
