package dev.hubbub.protocol.connection;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any text parses or fails with InvalidConnectionStringException: nothing else escapes. */
class ConnectionStringFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void parse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      ConnectionString cs = ConnectionString.parse(text);
      // A parsed string survives formatting and re-parsing (the SDK's two-segment minimum aside).
      if (cs.properties().size() >= 2 && !ConnectionString.parse(cs.format()).equals(cs)) {
        throw new AssertionError("format() does not round-trip: " + cs);
      }
      if (cs.toString().isEmpty()) {
        throw new AssertionError("toString() is empty");
      }
    } catch (InvalidConnectionStringException expected) {
      // reported, never crashes
    }
  }
}
