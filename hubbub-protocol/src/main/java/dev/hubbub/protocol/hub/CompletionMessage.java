package dev.hubbub.protocol.hub;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Type 3: the end of an invocation or stream. Exactly one of three kinds: {@link Kind#VOID} (no result,
 * {@code result} omitted on the wire), {@link Kind#RESULT} (a value, which may be null: written as
 * {@code "result":null}) or {@link Kind#ERROR}.
 *
 * @param headers string headers, usually empty
 * @param invocationId the invocation or stream this completes
 * @param kind which of the three shapes this is
 * @param result the result when {@code kind} is RESULT (a null result is a raw null value), else null
 * @param error the error text when {@code kind} is ERROR, else null
 */
public record CompletionMessage(
    Map<String, String> headers,
    String invocationId,
    Kind kind,
    @Nullable RawValue result,
    @Nullable String error) implements HubMessage {

  /** The three shapes of a completion, with their MessagePack ResultKind numbers. */
  public enum Kind {
    /** ResultKind 1: the invocation failed. */
    ERROR(1),
    /** ResultKind 2: the method returns nothing. */
    VOID(2),
    /** ResultKind 3: the method returned a value (possibly null). */
    RESULT(3);

    private final int wireId;

    Kind(int wireId) {
      this.wireId = wireId;
    }

    /** The MessagePack ResultKind number. */
    public int wireId() {
      return wireId;
    }
  }

  /** Validates that {@code result} and {@code error} match {@code kind}. */
  public CompletionMessage {
    headers = Headers.copy(headers);
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.RESULT) != (result != null)) {
      throw new IllegalArgumentException("result must be set exactly when kind is RESULT");
    }
    if ((kind == Kind.ERROR) != (error != null)) {
      throw new IllegalArgumentException("error must be set exactly when kind is ERROR");
    }
  }

  /** A void completion. */
  public static CompletionMessage empty(String invocationId) {
    return new CompletionMessage(Map.of(), invocationId, Kind.VOID, null, null);
  }

  /** A completion with a result; {@code result} may be {@link RawValue#NULL}. */
  public static CompletionMessage withResult(String invocationId, RawValue result) {
    return new CompletionMessage(Map.of(), invocationId, Kind.RESULT, result, null);
  }

  /** A failed completion. */
  public static CompletionMessage withError(String invocationId, String error) {
    return new CompletionMessage(Map.of(), invocationId, Kind.ERROR, null, error);
  }

  @Override
  public HubMessageType type() {
    return HubMessageType.COMPLETION;
  }
}
