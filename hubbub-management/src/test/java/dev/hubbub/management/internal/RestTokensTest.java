package dev.hubbub.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RestTokensTest {
  private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
  private static final String AUDIENCE = "http://localhost/api/hubs/chat/users/u1/:send";

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-02T03:04:05.600Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovableClock clock = new MovableClock();
  private final RestTokens tokens = new RestTokens(AccessTokenIssuer.builder(KEY).clock(clock).build(),
      TokenClaims.builder().nameId("host_1").build(), clock);

  @Test
  void oneTokenPerAudienceIsReusedUntilItNearsExpiry() {
    String first = tokens.token(AUDIENCE);
    assertThat(payload(first)).contains("\"aud\":\"" + AUDIENCE + "\"");
    clock.now = clock.now.plus(Duration.ofSeconds(239));
    assertThat(tokens.token(AUDIENCE)).isSameAs(first);
    assertThat(tokens.token("http://localhost/api/hubs/chat/users/u2/:send")).isNotEqualTo(first);

    // exp is 03:09:05 (signed at 03:04:05.6, second rounded down); from 03:08:05 less than a minute is left
    clock.now = Instant.parse("2026-01-02T03:08:05.000Z");
    String renewed = tokens.token(AUDIENCE);
    assertThat(renewed).isNotEqualTo(first);
    assertThat(payload(renewed)).contains("\"exp\":" + Instant.parse("2026-01-02T03:13:05Z").getEpochSecond());
    assertThat(tokens.token(AUDIENCE)).isSameAs(renewed);
  }

  @Test
  void startsOverPastTheAudienceLimit() {
    for (int i = 0; i < RestTokens.MAX_AUDIENCES; i++) {
      tokens.token(AUDIENCE + i);
    }
    assertThat(tokens.size()).isEqualTo(RestTokens.MAX_AUDIENCES);
    tokens.token(AUDIENCE);
    assertThat(tokens.size()).isEqualTo(1);
  }

  @Test
  void toStringNeverShowsATokenOrTheKey() {
    String token = tokens.token(AUDIENCE);
    assertThat(tokens.toString()).doesNotContain(token).doesNotContain(KEY).isEqualTo("RestTokens[1 audiences]");
  }

  private static String payload(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
  }
}
