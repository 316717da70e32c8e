package dev.hubbub.spring.boot.internal;

import dev.hubbub.server.Hub;
import dev.hubbub.server.HubServer;
import dev.hubbub.spring.boot.HubContextOf;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;

/**
 * Registers one {@link HubContextOf HubContextOf&lt;H&gt;} bean per {@link dev.hubbub.spring.boot.SignalRHub} bean,
 * named {@code <hubBeanName>Context}, so that the application injects {@code HubContextOf<ChatHub>} by type.
 */
public final class HubContextRegistrar implements BeanDefinitionRegistryPostProcessor {

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    if (!(registry instanceof ConfigurableListableBeanFactory beans)) {
      return;
    }
    for (HubBeans.HubBean hub : HubBeans.find(beans)) {
      if (registry.containsBeanDefinition(hub.beanName())) {
        // Proxies of hubs (method security, HubInvocations) must be subclasses: the hub server binds and calls the
        // hub class's methods, also when it implements interfaces.
        registry.getBeanDefinition(hub.beanName()).setAttribute(AutoProxyUtils.PRESERVE_TARGET_CLASS_ATTRIBUTE, true);
      }
      register(registry, beans, hub.beanName() + "Context", hub.type());
    }
  }

  private static <H extends Hub> void register(BeanDefinitionRegistry registry, ConfigurableListableBeanFactory beans,
      String name, Class<H> type) {
    if (registry.containsBeanDefinition(name)) {
      return;
    }
    RootBeanDefinition definition = new RootBeanDefinition();
    definition.setTargetType(ResolvableType.forClassWithGenerics(HubContextOf.class, type));
    definition.setScope(BeanDefinition.SCOPE_SINGLETON);
    definition.setInstanceSupplier(() -> new HubContextOf<>(type, beans.getBean(HubServer.class).hubContext(type)));
    registry.registerBeanDefinition(name, definition);
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
  }
}
