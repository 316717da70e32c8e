package dev.hubbub.protocol.hub.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hubbub.protocol.ProtocolException;
import java.io.IOException;

/** Finds where a JSON value ends in its input, validating it on the way. */
public final class JsonValues {
  private JsonValues() {}

  /**
   * Rejects byte input Jackson would decode as UTF-16 or UTF-32 (a NUL in the first four bytes, or a byte
   * order mark) or with a UTF-8 byte order mark. Hub messages are UTF-8, and raw values are byte slices whose
   * offsets only mean something when Jackson reads bytes as UTF-8.
   */
  public static void requireUtf8(byte[] input) throws ProtocolException {
    int n = input.length;
    boolean utf16or32 = n >= 2 && ((input[0] & 0xFF) == 0xFE && (input[1] & 0xFF) == 0xFF
        || (input[0] & 0xFF) == 0xFF && (input[1] & 0xFF) == 0xFE);
    for (int i = 0; i < Math.min(4, n) && !utf16or32; i++) {
      utf16or32 = input[i] == 0;
    }
    boolean utf8Bom = n >= 3 && (input[0] & 0xFF) == 0xEF && (input[1] & 0xFF) == 0xBB && (input[2] & 0xFF) == 0xBF;
    if (utf16or32 || utf8Bom) {
      throw new ProtocolException("JSON must be UTF-8 without a byte order mark.");
    }
  }

  /** The byte offset where the current token starts. */
  public static int tokenStart(JsonParser p) throws ProtocolException {
    long offset = p.currentTokenLocation().getByteOffset();
    if (offset < 0 || offset > Integer.MAX_VALUE) {
      throw new ProtocolException("JSON must be UTF-8 without a byte order mark.");
    }
    return (int) offset;
  }

  /**
   * With {@code p} on the first token of a value, reads to the value's last token and returns the byte
   * offset just past it. Strings are decoded (so invalid UTF-8 is caught here, not when the value is
   * re-encoded later) and nesting is capped at {@link MessagePackValues#MAX_DEPTH} so converters that
   * recurse are safe.
   */
  public static long endOfValue(JsonParser p) throws IOException, ProtocolException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      int depth = 1;
      while (depth > 0) {
        JsonToken next = p.nextToken();
        if (next == null) {
          throw new ProtocolException("JSON value ends before its closing bracket.");
        }
        switch (next) {
          case START_OBJECT, START_ARRAY -> {
            if (++depth > MessagePackValues.MAX_DEPTH) {
              throw new ProtocolException(
                  "JSON value is nested deeper than " + MessagePackValues.MAX_DEPTH + " levels.");
            }
          }
          case END_OBJECT, END_ARRAY -> depth--;
          case VALUE_STRING -> p.finishToken();
          default -> { }
        }
      }
    } else if (token == JsonToken.VALUE_STRING) {
      p.finishToken();
    } else if (token == null || !token.isScalarValue()) {
      throw new ProtocolException("Expected a JSON value but found " + token + ".");
    }
    long end = p.currentLocation().getByteOffset();
    if (end < 0) {
      throw new ProtocolException("JSON must be UTF-8 without a byte order mark.");
    }
    return end;
  }
}
