package dev.hubbub.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Base64Url} against the JDK's URL decoder, which the verifier used before it decoded in place. */
class Base64UrlTest {
  /** Characters that make up every kind of input: the alphabet's edges, padding, the other alphabet, junk. */
  private static final char[] CHARS = "AZaz09-_Qw=+/ .\u00e9\u0100".toCharArray();

  /** What the JDK makes of {@code text}: its bytes, or null when it refuses it. */
  private static byte[] jdk(String text) {
    try {
      return Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** What {@link Base64Url} makes of {@code text}, decoded into the middle of a larger buffer. */
  private static byte[] ours(String text) {
    byte[] into = new byte[text.length() + 8];
    Arrays.fill(into, (byte) 0x5a);
    int n = Base64Url.decode("<<" + text + ">>", 2, text.length() + 2, into, 3);
    if (n < 0) {
      return null;
    }
    // nothing before the start was touched
    assertThat(into[0]).isEqualTo((byte) 0x5a);
    return Arrays.copyOfRange(into, 3, 3 + n);
  }

  @Test
  void everyShortInputDecodesAsTheJdkDecodesIt() {
    // all strings of up to 4 characters over CHARS (about 100,000), and up to 6 over the decisive ones
    check(CHARS, 4);
    check("Aa-_=+".toCharArray(), 6);
  }

  private static void check(char[] chars, int maxLength) {
    for (int length = 0; length <= maxLength; length++) {
      int[] digits = new int[length];
      while (true) {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
          text[i] = chars[digits[i]];
        }
        String s = new String(text);
        assertThat(ours(s)).as("'%s'", s).isEqualTo(jdk(s));
        int i = length - 1;
        while (i >= 0 && ++digits[i] == chars.length) {
          digits[i--] = 0;
        }
        if (i < 0) {
          break;
        }
      }
    }
  }

  @Test
  void longRandomInputsDecodeAsTheJdkDecodesThem() {
    Random random = new Random(42);
    Base64.Encoder encoder = Base64.getUrlEncoder();
    for (int round = 0; round < 20_000; round++) {
      byte[] data = new byte[random.nextInt(300)];
      random.nextBytes(data);
      String text = encoder.encodeToString(data);
      if (random.nextBoolean()) {
        text = text.replace("=", ""); // as JWTs carry it
      }
      if (random.nextInt(4) == 0 && !text.isEmpty()) { // one character changed, anywhere
        char[] chars = text.toCharArray();
        chars[random.nextInt(chars.length)] = CHARS[random.nextInt(CHARS.length)];
        text = new String(chars);
      }
      if (random.nextInt(8) == 0 && !text.isEmpty()) { // truncated
        text = text.substring(0, random.nextInt(text.length()));
      }
      assertThat(ours(text)).as("'%s'", text).isEqualTo(jdk(text));
    }
  }

  @Test
  void bytesPastTheBufferAreCountedNotWritten() {
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[100]);
    byte[] small = new byte[10];
    assertThat(Base64Url.decode(text, 0, text.length(), small, 4)).isEqualTo(100);
    assertThat(Base64Url.decode(text + "!", 0, text.length() + 1, small, 4)).isEqualTo(-1);
  }
}
