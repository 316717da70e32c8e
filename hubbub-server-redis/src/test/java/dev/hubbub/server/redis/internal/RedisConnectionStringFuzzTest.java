package dev.hubbub.server.redis.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any text given as a Redis connection string ({@code ConnectionStrings__cache}) parses or fails with
 * IllegalArgumentException, and a failure's message never shows the value of a {@code password} option (when that
 * value appears nowhere else in the text, so that only the password could have put it in the message, and the
 * message with another password of the same length does not show it: "=true" is in the hint the message gives).
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
          if (value.length() >= 4 && text.indexOf(value) == text.lastIndexOf(value) && message.contains(value)
              && !messageFor(text.replace(value, "Q".repeat(value.length()))).contains(value)) {
            // shown with this password, and not with another of its length: the message quotes the password
            throw new AssertionError("the message shows the password '" + value + "': " + message);
          }
        }
      }
    }
  }
}
