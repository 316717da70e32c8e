package dev.hubbub.transport.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Connection ids and tokens as ASP.NET Core makes them: 16 random bytes, Base64Url without padding. */
final class ConnectionIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private ConnectionIds() {
  }

  static String next() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
