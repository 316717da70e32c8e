package dev.hubbub.spring.boot.autoconfigure;

import dev.hubbub.spring.boot.internal.SignalRConnection;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when a SignalR connection string is configured or the dev service runs. */
final class OnSignalRConnectionCondition implements ConfigurationCondition {

  @Override
  public ConfigurationPhase getConfigurationPhase() {
    return ConfigurationPhase.REGISTER_BEAN;
  }

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return present(context);
  }

  static boolean present(ConditionContext context) {
    return SignalRConnection.resolve(OnDevServiceCondition.properties(context.getEnvironment()),
        context.getEnvironment()).present() || OnDevServiceCondition.wanted(context);
  }
}
