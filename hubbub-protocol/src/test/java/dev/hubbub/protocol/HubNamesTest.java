package dev.hubbub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HubNamesTest {
  /** The rule as Azure SignalR Service documents it. */
  private static final Pattern RULE = Pattern.compile("^[A-Za-z][A-Za-z0-9_`,.\\[\\]]{0,127}$");

  @Test
  void namesAtTheEdgesOfTheRule() {
    assertThat(HubNames.isValid("chat")).isTrue();
    assertThat(HubNames.isValid("Chat_1`,.[]")).isTrue();
    assertThat(HubNames.isValid("a".repeat(128))).isTrue();
    assertThat(HubNames.isValid("a".repeat(129))).isFalse();
    assertThat(HubNames.isValid("")).isFalse();
    assertThat(HubNames.isValid("1chat")).isFalse();
    assertThat(HubNames.isValid("_chat")).isFalse();
    assertThat(HubNames.isValid("chat-room")).isFalse();
    assertThat(HubNames.isValid("chat\n")).isFalse();
    assertThat(HubNames.isValid("chät")).isFalse();
    assertThat(HubNames.isValid("ch at")).isFalse();
  }

  @Test
  void agreesWithTheDocumentedPatternOnRandomNames() {
    Random random = new Random(14);
    String alphabet = "aZ09_`,.[]-/ \n\u00e4?%";
    for (int i = 0; i < 20_000; i++) {
      // Half from the allowed characters only, so that long names are valid often enough to test the length bound.
      String chars = random.nextBoolean() ? "aZ09_`,.[]" : alphabet;
      StringBuilder name = new StringBuilder();
      int length = random.nextInt(8) == 0 ? 120 + random.nextInt(16) : random.nextInt(6);
      for (int j = 0; j < length; j++) {
        name.append(chars.charAt(random.nextInt(chars.length())));
      }
      String s = name.toString();
      assertThat(HubNames.isValid(s)).as("'%s'", s).isEqualTo(RULE.matcher(s).matches());
    }
  }
}
