package dev.hubbub.protocol.negotiate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.ProtocolException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NegotiateRequestTest {

  @Test
  void missingVersionIsZero() throws ProtocolException {
    assertThat(NegotiateRequest.fromQuery(Map.of("hub", List.of("chat"))))
        .isEqualTo(new NegotiateRequest(0, false));
  }

  @Test
  void versionOneAndStatefulReconnect() throws ProtocolException {
    assertThat(NegotiateRequest.fromQuery(Map.of("negotiateVersion", List.of("1"),
        "useStatefulReconnect", List.of("true")))).isEqualTo(new NegotiateRequest(1, true));
  }

  @Test
  void keysAreCaseInsensitive() throws ProtocolException {
    assertThat(NegotiateRequest.fromQuery(Map.of("NegotiateVersion", List.of("1"),
        "USESTATEFULRECONNECT", List.of("True")))).isEqualTo(new NegotiateRequest(1, true));
  }

  @Test
  void higherVersionIsClampedToOne() throws ProtocolException {
    assertThat(NegotiateRequest.fromQuery(Map.of("negotiateVersion", List.of("7"))).negotiateVersion())
        .isEqualTo(1);
  }

  @Test
  void nonIntegerVersionIsRejectedWithAspNetCoreText() {
    assertThatThrownBy(() -> NegotiateRequest.fromQuery(Map.of("negotiateVersion", List.of("x"))))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("The client requested an invalid protocol version 'x'");
  }

  @Test
  void negativeVersionIsRejected() {
    assertThatThrownBy(() -> NegotiateRequest.fromQuery(Map.of("negotiateVersion", List.of("-1"))))
        .hasMessage("The client requested version '-1', but the server does not support this version.");
  }

  @Test
  void statefulReconnectOtherThanTrueIsOff() throws ProtocolException {
    assertThat(NegotiateRequest.fromQuery(Map.of("useStatefulReconnect", List.of("yes")))
        .useStatefulReconnect()).isFalse();
  }
}
