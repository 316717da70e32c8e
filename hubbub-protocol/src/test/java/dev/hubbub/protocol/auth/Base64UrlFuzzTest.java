package dev.hubbub.protocol.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Base64;

/** Any text decodes to what the JDK's URL decoder makes of it, or is refused by both; nothing is thrown. */
class Base64UrlFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void decodesAsTheJdk(FuzzedDataProvider data) {
    int room = data.consumeInt(0, 64);
    String text = data.consumeRemainingAsString();
    byte[] expected;
    try {
      expected = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      expected = null;
    }
    byte[] into = new byte[room];
    int n = Base64Url.decode(text, 0, text.length(), into, 0);
    if (expected == null) {
      if (n != -1) {
        throw new AssertionError("accepted what the JDK refuses: '" + text + "'");
      }
      return;
    }
    if (n != expected.length) {
      throw new AssertionError("length " + n + " for '" + text + "', the JDK " + expected.length);
    }
    int written = Math.min(n, room);
    if (!Arrays.equals(Arrays.copyOf(into, written), Arrays.copyOf(expected, written))) {
      throw new AssertionError("other bytes than the JDK's for '" + text + "'");
    }
  }
}
