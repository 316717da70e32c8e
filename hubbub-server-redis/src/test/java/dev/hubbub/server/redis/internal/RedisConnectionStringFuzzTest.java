package dev.hubbub.server.redis.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any text given as a Redis connection string ({@code ConnectionStrings__cache}) parses or fails with
 * IllegalArgumentException, and a failure's message never shows the value of a {@code password} option (when that
 * value appears nowhere else in the text, so that only the password could have put it in the message, and the
 * message for the text with that password swapped for a marker of its length shows the marker: "=true" and
 * "rediss://" are in the fixed text of some messages, and that is not a leak).
 */
class RedisConnectionStringFuzzTest {

  /** The message parsing {@code text} fails with, or "" when it parses. */
  private static String messageFor(String text) {
    try {
      RedisConnectionString.parse(text);
      return "";
    } catch (IllegalArgumentException e) {
      return String.valueOf(e.getMessage());
    }
  }

  @FuzzTest(maxDuration = "10s")
  void parse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      RedisConnectionString.parse(text);
    } catch (IllegalArgumentException e) {
      // What the message quotes of the input: the fixed help text aside.
      String message = String.valueOf(e.getMessage()).replace(RedisConnectionString.FORMS, "");
      for (String option : text.split(",")) {
        int eq = option.indexOf('=');
        if (eq > 0 && option.substring(0, eq).trim().equalsIgnoreCase("password")) {
          String value = option.substring(eq + 1);
          String marker = "Q".repeat(value.length());
          if (value.length() >= 4 && text.indexOf(value) == text.lastIndexOf(value) && !text.contains(marker)
              && message.contains(value) && messageFor(text.replace(value, marker)).contains(marker)) {
            // shown with this password, and another of its length shows too: the message quotes the password
            throw new AssertionError("the message shows the password '" + value + "': " + message);
          }
        }
      }
    }
  }
}
