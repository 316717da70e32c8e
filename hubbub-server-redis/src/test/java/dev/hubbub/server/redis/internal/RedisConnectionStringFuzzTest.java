package dev.hubbub.server.redis.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any text given as a Redis connection string ({@code ConnectionStrings__cache}) parses or fails with
 * IllegalArgumentException, and a failure's message never shows the value of a {@code password} option (when that
 * value appears nowhere else in the text, so that only the password could have put it in the message).
 */
class RedisConnectionStringFuzzTest {

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
          if (value.length() >= 4 && text.indexOf(value) == text.lastIndexOf(value) && message.contains(value)) {
            throw new AssertionError("the message shows the password '" + value + "': " + message);
          }
        }
      }
    }
  }
}
