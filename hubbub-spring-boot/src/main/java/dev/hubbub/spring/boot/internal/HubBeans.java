package dev.hubbub.spring.boot.internal;

import dev.hubbub.server.Hub;
import dev.hubbub.spring.boot.SignalRHub;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;

/** The {@link SignalRHub} beans of an application, found from their bean definitions. */
public final class HubBeans {

  /** One hub bean: its name, class and annotation. */
  public record HubBean(String beanName, Class<? extends Hub> type, SignalRHub annotation) {}

  private HubBeans() {}

  /**
   * Every {@link SignalRHub} bean.
   *
   * @throws IllegalStateException when an annotated class is no {@link Hub} or its bean is not a prototype
   */
  public static List<HubBean> find(ConfigurableListableBeanFactory beans) {
    List<HubBean> found = new ArrayList<>();
    for (String name : beans.getBeanNamesForAnnotation(SignalRHub.class)) {
      Class<?> declared = beans.getType(name, false);
      if (declared == null) {
        continue;
      }
      Class<?> type = org.springframework.util.ClassUtils.getUserClass(declared); // not a proxy's class
      SignalRHub annotation = AnnotatedElementUtils.findMergedAnnotation(type, SignalRHub.class);
      if (annotation == null) {
        continue;
      }
      if (!Hub.class.isAssignableFrom(type)) {
        throw new IllegalStateException("@SignalRHub class " + type.getName() + " does not extend "
            + Hub.class.getName());
      }
      if (beans.containsBeanDefinition(name)) {
        BeanDefinition definition = beans.getBeanDefinition(name);
        if (!definition.isPrototype()) {
          throw new IllegalStateException("Hub bean '" + name + "' (" + type.getName() + ") must be a prototype: "
              + "a hub instance serves one invocation, as in ASP.NET Core. Remove its @Scope, or keep shared state "
              + "in a singleton bean the hub injects.");
        }
      }
      found.add(new HubBean(name, type.asSubclass(Hub.class), annotation));
    }
    return found;
  }
}
