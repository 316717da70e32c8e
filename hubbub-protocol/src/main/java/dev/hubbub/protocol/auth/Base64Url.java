package dev.hubbub.protocol.auth;

import java.util.Arrays;

/**
 * Base64URL decoding from a token's characters straight into a caller's buffer, accepting what
 * {@link java.util.Base64#getUrlDecoder()} accepts: the URL-safe alphabet, a last unit of two or three characters,
 * and padding only where it completes a unit and only at the end.
 */
final class Base64Url {
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {}

  /**
   * Decodes characters {@code [from, to)} of {@code text} into {@code into} from index {@code at}; bytes that would
   * fall past the end of {@code into} are counted but not written.
   *
   * @return how many bytes the text decodes to, or -1 when it is not Base64URL
   */
  static int decode(CharSequence text, int from, int to, byte[] into, int at) {
    int out = at;
    int bits = 0;
    int chars = 0;
    int i = from;
    for (; i < to; i++) {
      char c = text.charAt(i);
      if (c == '=') {
        break;
      }
      int value = c < VALUES.length ? VALUES[c] : -1;
      if (value < 0) {
        return -1;
      }
      bits = bits << 6 | value;
      if (++chars == 4) {
        out = put(into, out, bits >> 16);
        out = put(into, out, bits >> 8);
        out = put(into, out, bits);
        bits = 0;
        chars = 0;
      }
    }
    int padding = to - i;
    for (int j = i; j < to; j++) {
      if (text.charAt(j) != '=') {
        return -1;
      }
    }
    switch (chars) {
      case 0:
        return padding == 0 ? out - at : -1;
      case 2:
        if (padding != 0 && padding != 2) {
          return -1;
        }
        return put(into, out, bits >> 4) - at;
      case 3:
        if (padding > 1) {
          return -1;
        }
        out = put(into, out, bits >> 10);
        return put(into, out, bits >> 2) - at;
      default: // one character cannot make a byte
        return -1;
    }
  }

  private static int put(byte[] into, int index, int value) {
    if (index < into.length) {
      into[index] = (byte) value;
    }
    return index + 1;
  }
}
