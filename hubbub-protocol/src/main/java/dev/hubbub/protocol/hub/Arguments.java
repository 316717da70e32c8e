package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.internal.JsonValues;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of an invocation: a list of {@link RawValue}s, each kept in the form it arrived in (or a Java
 * object to be serialized by each protocol). The service routes and re-encodes them without binding; a Java
 * hub binds them to its method's parameter types with {@link #bindAll}.
 */
public final class Arguments {
  /** No arguments. */
  public static final Arguments EMPTY = new Arguments(List.of());

  private static final JsonFactory JSON = new JsonFactory();

  private final List<RawValue> values;

  private Arguments(List<RawValue> values) {
    this.values = values;
  }

  /** Java values, serialized by each protocol when the message is written; null elements are allowed. */
  public static Arguments of(@Nullable Object... values) {
    List<RawValue> list = new ArrayList<>(values.length);
    for (Object value : values) {
      list.add(value instanceof RawValue raw ? raw : RawValue.ofJava(value));
    }
    return new Arguments(List.copyOf(list));
  }

  /** Values in any form. */
  public static Arguments ofValues(List<RawValue> values) {
    return values.isEmpty() ? EMPTY : new Arguments(List.copyOf(values));
  }

  /**
   * The arguments in the UTF-8 JSON text of an array, for example the {@code arguments} of a REST send body,
   * kept raw: a JSON client gets the text as it is, a MessagePack client gets it converted.
   *
   * @throws ProtocolException when the text is not one JSON array
   */
  public static Arguments ofJsonArray(byte[] utf8) throws ProtocolException {
    byte[] copy = utf8.clone();
    JsonValues.requireUtf8(copy);
    try (JsonParser p = JSON.createParser(copy)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new ProtocolException("Expected a JSON array of arguments but found "
            + JsonHubMessageParser.describe(p.currentToken()) + ".");
      }
      List<RawValue> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        int start = JsonValues.tokenStart(p);
        int end = (int) JsonValues.endOfValue(p);
        list.add(new JsonRawValue(copy, start, end - start));
      }
      if (p.nextToken() != null) {
        throw new ProtocolException("Expected one JSON array of arguments but found more after it.");
      }
      return ofValues(list);
    } catch (IOException e) {
      throw new ProtocolException("Invalid JSON arguments: " + JsonErrors.describe(e), e);
    }
  }

  /** {@link #ofJsonArray(byte[])} for a string. */
  public static Arguments ofJsonArray(String json) throws ProtocolException {
    return ofJsonArray(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The number of arguments. */
  public int size() {
    return values.size();
  }

  /** Whether there are none. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The argument at {@code index}, unbound. */
  public RawValue get(int index) {
    return values.get(index);
  }

  /** All arguments, unbound. */
  public List<RawValue> values() {
    return values;
  }

  /**
   * Binds the argument at {@code index} to {@code type}.
   *
   * @throws ArgumentBindingException when there is no such argument or it does not fit the type
   */
  public <T> @Nullable T bind(int index, Type type, ObjectMapper mapper) throws ArgumentBindingException {
    if (index < 0 || index >= values.size()) {
      throw new ArgumentBindingException("Invocation provides " + values.size()
          + " argument(s); there is no argument at index " + index + ".");
    }
    try {
      return values.get(index).bind(type, mapper);
    } catch (ArgumentBindingException e) {
      throw new ArgumentBindingException("Error binding argument " + index + ": " + e.getMessage(), e);
    }
  }

  /**
   * Binds every argument, one type per argument.
   *
   * @throws ArgumentBindingException when the counts differ or an argument does not fit its type
   */
  public @Nullable Object[] bindAll(Type[] types, ObjectMapper mapper) throws ArgumentBindingException {
    if (types.length != values.size()) {
      throw new ArgumentBindingException("Invocation provides " + values.size()
          + " argument(s) but target expects " + types.length + ".");
    }
    Object[] bound = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      bound[i] = bind(i, types[i], mapper);
    }
    return bound;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Arguments other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
