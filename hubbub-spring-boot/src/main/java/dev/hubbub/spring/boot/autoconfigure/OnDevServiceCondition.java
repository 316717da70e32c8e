package dev.hubbub.spring.boot.autoconfigure;

import dev.hubbub.spring.boot.HubbubSignalRProperties;
import dev.hubbub.spring.boot.internal.DevService;
import dev.hubbub.spring.boot.internal.SignalRConnection;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when the dev service should run: no connection string is configured, and
 * {@code hubbub.signalr.dev-service.enabled} is true, or unset while the application runs in development.
 */
final class OnDevServiceCondition implements ConfigurationCondition {

  @Override
  public ConfigurationPhase getConfigurationPhase() {
    return ConfigurationPhase.REGISTER_BEAN;
  }

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return wanted(context);
  }

  static HubbubSignalRProperties properties(Environment environment) {
    return Binder.get(environment).bind("hubbub.signalr", HubbubSignalRProperties.class)
        .orElseGet(HubbubSignalRProperties::new);
  }

  static boolean wanted(ConditionContext context) {
    HubbubSignalRProperties properties = properties(context.getEnvironment());
    if (SignalRConnection.resolve(properties, context.getEnvironment()).present()) {
      return false;
    }
    Boolean enabled = properties.getDevService().getEnabled();
    if (enabled != null) {
      return enabled;
    }
    if (!ClassUtils.isPresent("dev.hubbub.service.HubbubService", context.getClassLoader())) {
      return false;
    }
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    if (beans == null) {
      return false;
    }
    for (String name : beans.getBeanNamesForAnnotation(SpringBootConfiguration.class)) {
      Class<?> type = beans.getType(name, false);
      if (type != null) {
        return DevService.isDevelopment(ClassUtils.getUserClass(type));
      }
    }
    return false;
  }
}
