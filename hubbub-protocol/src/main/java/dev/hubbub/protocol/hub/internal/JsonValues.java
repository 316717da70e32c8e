package dev.hubbub.protocol.hub.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hubbub.protocol.ProtocolException;
import java.io.IOException;

/** Finds where a JSON value ends in its input, validating it on the way. */
public final class JsonValues {
  private JsonValues() {}

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
    return p.currentLocation().getByteOffset();
  }
}
