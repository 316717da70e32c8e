package dev.hubbub.spring.boot.internal;

import dev.hubbub.spring.boot.HubbubConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link HubbubConfigurationException} into Spring Boot's start-up report naming the property. */
public final class HubbubFailureAnalyzer extends AbstractFailureAnalyzer<HubbubConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, HubbubConfigurationException cause) {
    return new FailureAnalysis("Hubbub SignalR configuration: property '" + cause.property() + "': "
        + cause.getMessage(), "Fix '" + cause.property() + "': " + cause.action(), cause);
  }
}
