package dev.hubbub.test.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.hub.ArgumentBindingException;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.hub.RawValue;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An invocation the server sent to the client ({@code clients.all().send("newMessage", "alice", "hi")}). Its
 * arguments stay in the form they arrived in until asked for: {@link #argument(int, Class)} binds one to a type
 * with the client's {@link ObjectMapper}; {@link #arguments()} gives them all as plain Java values (strings,
 * numbers, booleans, lists, maps, null), ready for AssertJ: {@code assertThat(m.arguments()).containsExactly("alice",
 * "hi")}. Immutable.
 */
public final class ReceivedMessage {
  private final String target;
  private final @Nullable String invocationId;
  private final Arguments arguments;
  private final ObjectMapper mapper;

  ReceivedMessage(InvocationMessage message, ObjectMapper mapper) {
    this.target = message.target();
    this.invocationId = message.invocationId();
    this.arguments = message.arguments();
    this.mapper = mapper;
  }

  /** The target (client method name) exactly as the server sent it. */
  public String target() {
    return target;
  }

  /** The invocation id when the server expects a result (a client result), else null. */
  public @Nullable String invocationId() {
    return invocationId;
  }

  /** The number of arguments. */
  public int argumentCount() {
    return arguments.size();
  }

  /**
   * The argument at {@code index} bound to {@code type}.
   *
   * @throws IllegalArgumentException naming the argument, its JSON form and the type when it does not fit (or
   *     there is no such argument)
   */
  @SuppressWarnings("unchecked") // Jackson bound the value to the type (boxed for a primitive one)
  public <T> @Nullable T argument(int index, Class<T> type) {
    return (T) bind(index, type);
  }

  /** The argument at {@code index} bound to a generic type, e.g. {@code new TypeReference<List<Point>>() {}}. */
  @SuppressWarnings("unchecked") // Jackson bound the value to the TypeReference's type
  public <T> @Nullable T argument(int index, TypeReference<T> type) {
    return (T) bind(index, type.getType());
  }

  private @Nullable Object bind(int index, Type type) {
    if (index < 0 || index >= arguments.size()) {
      throw new IllegalArgumentException("'" + target + "' has " + arguments.size() + " argument(s); there is no "
          + "argument " + index + ": " + this);
    }
    try {
      return arguments.get(index).<Object>bind(type, mapper);
    } catch (ArgumentBindingException e) {
      throw new IllegalArgumentException("Argument " + index + " of '" + target + "' ("
          + arguments.get(index).toJsonString() + ") cannot be bound to " + type.getTypeName() + ": "
          + e.getMessage(), e);
    }
  }

  /** Every argument as a plain Java value (JSON types: String, Integer/Long/Double, Boolean, List, Map, null). */
  public List<@Nullable Object> arguments() {
    List<@Nullable Object> list = new ArrayList<>(arguments.size());
    for (int i = 0; i < arguments.size(); i++) {
      list.add(bind(i, Object.class));
    }
    return Collections.unmodifiableList(list);
  }

  /** The argument at {@code index} as JSON text (MessagePack binary as base64). */
  public String argumentJson(int index) {
    RawValue value = arguments.get(index);
    return value.toJsonString();
  }

  /** {@code target(arg0, arg1, ...)} with the arguments as JSON. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(target).append('(');
    for (int i = 0; i < arguments.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(arguments.get(i).toJsonString());
    }
    return s.append(')').toString();
  }
}
