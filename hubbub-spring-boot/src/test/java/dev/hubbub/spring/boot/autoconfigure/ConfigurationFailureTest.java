package dev.hubbub.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.Hub;
import dev.hubbub.spring.boot.HubbubConfigurationException;
import dev.hubbub.spring.boot.SignalRHub;
import dev.hubbub.spring.boot.internal.HubbubFailureAnalyzer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Bad settings fail start-up with a failure analysis that names the property; IDE metadata is generated. */
class ConfigurationFailureTest {

  @SignalRHub("/echo")
  public static class EchoHub extends Hub {
    public String echo(String text) {
      return text;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Import(EchoHub.class)
  static class App {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(HubbubAutoConfiguration.class))
      .withUserConfiguration(App.class)
      .withPropertyValues("hubbub.signalr.dev-service.enabled=false");

  @Test
  void withoutAConnectionStringTheHubsAreSelfHostedOnAPortOfTheirOwnOutsideWebFlux() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(dev.hubbub.server.HubServer.class).isBehindService()).isFalse();
      assertThat(context.getBean(dev.hubbub.server.HubServer.class).port()).isPositive();
      assertThat(context).doesNotHaveBean(dev.hubbub.management.ServiceManager.class);
    });
  }

  @Test
  void aspiresConnectionStringsEnvironmentVariableIsFoundAndNamedWhenMalformed() {
    runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
            new org.springframework.core.env.SystemEnvironmentPropertySource("aspire",
                java.util.Map.of("ConnectionStrings__signalr", "Endpoint=not a url;AccessKey=x"))))
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(find(context.getStartupFailure()).property()).isEqualTo("ConnectionStrings__signalr (environment)");
        });
  }

  @Test
  void springsRelaxedEnvironmentSpellingIsFound() {
    runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
            new org.springframework.core.env.SystemEnvironmentPropertySource("env",
                java.util.Map.of("CONNECTIONSTRINGS_SIGNALR", "Endpoint=not a url;AccessKey=x"))))
        .run(context -> assertThat(find(context.getStartupFailure()).property())
            .isEqualTo("connectionstrings.signalr"));
  }

  @Test
  void aMalformedConnectionStringNamesItsProperty() {
    runner.withPropertyValues("connectionstrings.signalr=Endpoint=not a url;AccessKey=x").run(context -> {
      assertThat(context).hasFailed();
      HubbubConfigurationException e = find(context.getStartupFailure());
      assertThat(e.property()).startsWith("connectionstrings.signalr");
      FailureAnalysis analysis = new HubbubFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis).isNotNull();
      assertThat(analysis.getDescription()).contains("connectionstrings.signalr");
      assertThat(analysis.getAction()).contains("Endpoint=");
      assertThat(analysis.getDescription()).doesNotContain("AccessKey=x");
    });
  }

  @Test
  void serverlessModeWithHubsNamesTheServiceModeProperty() {
    runner.withPropertyValues("hubbub.signalr.connection-string=Endpoint=http://localhost:1;AccessKey="
        + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;", "hubbub.signalr.service-mode=SERVERLESS")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(find(context.getStartupFailure()).property()).isEqualTo("hubbub.signalr.service-mode");
        });
  }

  @Test
  void aConnectionCountBelowOneNamesItsProperty() {
    runner.withPropertyValues("hubbub.signalr.connection-string=Endpoint=http://localhost:1;AccessKey="
        + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;", "hubbub.signalr.connection-count=0")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(find(context.getStartupFailure()).property()).isEqualTo("hubbub.signalr.connection-count");
        });
  }

  @Test
  void configurationMetadataIsGeneratedForIdeCompletion() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(json).contains("hubbub.signalr.connection-count", "hubbub.signalr.service-mode",
          "hubbub.signalr.server-sticky-mode", "hubbub.signalr.dev-service.enabled");
    }
  }

  private static HubbubConfigurationException find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HubbubConfigurationException e) {
        return e;
      }
    }
    throw new AssertionError("No HubbubConfigurationException in " + failure, failure);
  }
}
