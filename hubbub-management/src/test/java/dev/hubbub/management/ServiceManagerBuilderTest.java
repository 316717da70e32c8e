package dev.hubbub.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Building a manager: the ways to give the service, configuration lookup, and rejected inputs. */
class ServiceManagerBuilderTest {
  private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
  private static final String A = "Endpoint=http://a:1;AccessKey=" + KEY + ";Version=1.0;";
  private static final String B = "Endpoint=http://b:2;AccessKey=" + KEY + ";Version=1.0;";
  private static final String C = "Endpoint=http://c:3;AccessKey=" + KEY + ";Version=1.0;";

  @Test
  void fromConfigurationReadsAMapOrProperties() {
    Properties props = new Properties();
    props.setProperty("ConnectionStrings:hubbub-test-" + System.nanoTime(), A);
    String name = props.stringPropertyNames().iterator().next().substring("ConnectionStrings:".length());
    try (ServiceManager m = new ServiceManagerBuilder().fromConfiguration(name, props).build()) {
      assertThat(m.endpoint().toString()).isEqualTo("http://a:1");
    }
  }

  @Test
  void endpointAndAccessKeyWinOverAConnectionString() {
    try (ServiceManager m = new ServiceManagerBuilder().connectionString(A).endpoint("http://b:2").accessKey(KEY)
        .build()) {
      assertThat(m.endpoint().toString()).isEqualTo("http://b:2");
      assertThat(m.toString()).doesNotContain(KEY);
    }
    assertThatThrownBy(() -> new ServiceManagerBuilder().endpoint("http://b:2").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("accessKey");
    assertThatThrownBy(() -> new ServiceManagerBuilder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("fromConfiguration(\"signalr\")");
  }

  @Test
  void entraConnectionStringsAreNotSupportedYet() {
    assertThatThrownBy(() -> new ServiceManagerBuilder()
        .connectionString("Endpoint=https://demo.service.signalr.net;AuthType=azure").build())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("AuthType=azure")
        .hasMessageContaining("not support yet")
        .hasMessageContaining("Endpoint=https://demo.service.signalr.net:443;AccessKey=<key>;Version=1.0;");
  }

  @Test
  void badNamesAreRejectedBeforeAnyCall() {
    try (ServiceManager m = new ServiceManagerBuilder().connectionString(A).build()) {
      assertThatThrownBy(() -> m.createHubContext("1chat")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid hub name '1chat'");
      ServiceHubContext hub = m.createHubContext("chat");
      assertThatThrownBy(() -> hub.clients().group("")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("group must not be empty");
      assertThatThrownBy(() -> hub.clients().all().send("")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("target");
      assertThatThrownBy(() -> hub.userGroups().addToGroup("u", "g", java.time.Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new ServiceManagerBuilder().applicationName("my app"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid application name");
  }

  @Test
  void restPoolLimitsAreChecked() {
    assertThatThrownBy(() -> new ServiceManagerBuilder().restMaxConnections(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restMaxConnections");
    assertThatThrownBy(() -> new ServiceManagerBuilder().restMaxQueuedRequests(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restMaxQueuedRequests");
    try (ServiceManager m = new ServiceManagerBuilder().connectionString(A).restMaxConnections(1)
        .restMaxQueuedRequests(0).build()) {
      assertThat(m.endpoint()).isNotNull();
    }
  }
}
