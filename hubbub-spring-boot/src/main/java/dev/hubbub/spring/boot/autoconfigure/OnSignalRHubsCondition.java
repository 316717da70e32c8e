package dev.hubbub.spring.boot.autoconfigure;

import dev.hubbub.spring.boot.SignalRHub;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when the application declares at least one {@link SignalRHub} bean. */
final class OnSignalRHubsCondition implements ConfigurationCondition {

  @Override
  public ConfigurationPhase getConfigurationPhase() {
    return ConfigurationPhase.REGISTER_BEAN;
  }

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    return beans != null && beans.getBeanNamesForAnnotation(SignalRHub.class).length > 0;
  }
}
