package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Short descriptions of Jackson errors, without the source excerpt Jackson appends (it may be large). */
final class JsonErrors {
  private JsonErrors() {}

  static String describe(Exception e) {
    if (e instanceof JsonProcessingException jpe && jpe.getOriginalMessage() != null) {
      return jpe.getOriginalMessage();
    }
    return String.valueOf(e.getMessage());
  }
}
