package dev.hubbub.transport.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Connection ids and tokens as ASP.NET Core makes them: 16 random bytes, Base64Url without padding. The random
 * bytes are drawn from {@link SecureRandom} 4 KiB at a time (its native source mixes and digests on each call,
 * which cost more garbage per id than the id itself); each byte is handed out once.
 */
final class ConnectionIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final int ID_BYTES = 16;
  private static final byte[] POOL = new byte[4096];
  private static int taken = POOL.length; // guarded by POOL

  private ConnectionIds() {
  }

  static String next() {
    byte[] random = new byte[ID_BYTES];
    synchronized (POOL) {
      if (taken == POOL.length) {
        RANDOM.nextBytes(POOL);
        taken = 0;
      }
      System.arraycopy(POOL, taken, random, 0, ID_BYTES);
      // Never handed out twice, and not left readable in the pool.
      Arrays.fill(POOL, taken, taken + ID_BYTES, (byte) 0);
      taken += ID_BYTES;
    }
    byte[] text = new byte[22];
    ENCODER.encode(random, text);
    return new String(text, StandardCharsets.ISO_8859_1);
  }
}
