package dev.hubbub.service.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.AccessTokenVerifier;
import dev.hubbub.protocol.auth.InvalidAccessTokenException;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.auth.VerifiedToken;
import dev.hubbub.transport.TransportRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
  private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovableClock clock = new MovableClock();
  private final TokenAuthenticator authenticator = new TokenAuthenticator(
      AccessTokenVerifier.builder(KEY).clock(clock).build(), clock);

  private String token(String audience, Duration lifetime) {
    return AccessTokenIssuer.builder(KEY).clock(clock).build()
        .issue(audience, TokenClaims.builder().nameId("app").build(), lifetime);
  }

  private static TransportRequest rest(String uri, String token) {
    return new TransportRequest("POST", uri, new DefaultHttpHeaders().set("Authorization", "Bearer " + token), null);
  }

  @Test
  void restTokenIsVerifiedOncePerUri() throws Exception {
    String token = token("http://localhost/api/hubs/chat", Duration.ofMinutes(10));
    VerifiedToken first = authenticator.verify(rest("/api/hubs/chat/users/a/:send", token));
    VerifiedToken second = authenticator.verify(rest("/api/hubs/chat/users/a/:send", token));
    assertThat(second).isSameAs(first);
    assertThat(authenticator.cachedVerifications()).isEqualTo(1);
  }

  @Test
  void oneTokenServesManyUris() throws Exception {
    String token = token("http://localhost/api/hubs/chat", Duration.ofMinutes(10));
    VerifiedToken a = authenticator.verify(rest("/api/hubs/chat/users/a/:send", token));
    VerifiedToken b = authenticator.verify(rest("/api/hubs/chat/users/b/:send", token));
    assertThat(b).isSameAs(a);
    assertThat(authenticator.verify(rest("/api/hubs/chat/users/b/:send", token))).isSameAs(a);
    assertThat(authenticator.cachedVerifications()).isEqualTo(2);
  }

  @Test
  void cachedTokenStillFailsTheAudienceOfAnotherHub() throws Exception {
    String token = token("http://localhost/api/hubs/chat", Duration.ofMinutes(10));
    authenticator.verify(rest("/api/hubs/chat/:send", token));
    assertThatThrownBy(() -> authenticator.verify(rest("/api/hubs/other/:send", token)))
        .isInstanceOf(InvalidAccessTokenException.class).hasMessageContaining("audience");
  }

  @Test
  void cachedTokenExpiresWithTheToken() throws Exception {
    String token = token("http://localhost/api/hubs/chat", Duration.ofMinutes(1));
    authenticator.verify(rest("/api/hubs/chat/:send", token));
    clock.now = clock.now.plus(Duration.ofMinutes(1)).plus(AccessTokenVerifier.DEFAULT_CLOCK_SKEW).plusSeconds(1);
    assertThatThrownBy(() -> authenticator.verify(rest("/api/hubs/chat/:send", token)))
        .isInstanceOf(InvalidAccessTokenException.class);
    assertThat(authenticator.cachedVerifications()).isZero();
  }

  @Test
  void clientTokensInTheQueryAreNotCached() throws Exception {
    String token = token("http://localhost/client/?hub=chat", Duration.ofMinutes(10));
    authenticator.verify(new TransportRequest("GET", "/client/?hub=chat&access_token=" + token,
        new DefaultHttpHeaders(), null));
    assertThat(authenticator.cachedVerifications()).isZero();
  }
}
