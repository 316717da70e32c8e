package dev.hubbub.server.internal;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Type;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One invocable hub method.
 *
 * @param name the Java method name (clients match it ignoring case)
 * @param handle the method, spread over (hub, args...)
 * @param parameterTypes generic types of the arguments the client sends, in order (stream parameters excluded)
 * @param parameters what each Java parameter is: an argument index, or a stream slot
 * @param returnKind how the result comes back
 * @param streamSource for a streaming method, what it returns
 * @param authorize the method's {@code @Authorize}, or null
 */
record HubMethod(String name, MethodHandle handle, Type[] parameterTypes, List<Parameter> parameters,
    ReturnKind returnKind, @Nullable StreamSource streamSource, dev.hubbub.server.@Nullable Authorize authorize) {

  /** VOID and ASYNC_VOID ({@code CompletionStage<Void>}) complete without a result, like .NET's {@code Task}. */
  enum ReturnKind { VOID, VALUE, ASYNC, ASYNC_VOID, STREAM }

  /**
   * What a streaming method returns: a {@code Flow.Publisher}, a {@code java.util.stream.Stream}, or exactly an
   * {@code Iterable} or an {@code Iterator} (a {@code List} is a value, as in ASP.NET Core).
   */
  enum StreamSource { PUBLISHER, STREAM, ITERABLE, ITERATOR }

  /**
   * A Java parameter: a plain argument ({@code argumentIndex >= 0}), an uploaded stream ({@code streamSlot >= 0}),
   * or the {@link dev.hubbub.server.StreamCancellation} the server passes ({@code cancellation}).
   */
  record Parameter(int argumentIndex, int streamSlot, Type itemType, boolean iterable, boolean cancellation) {
    boolean isStream() {
      return streamSlot >= 0;
    }
  }

  int streamCount() {
    int n = 0;
    for (Parameter p : parameters) {
      if (p.isStream()) {
        n++;
      }
    }
    return n;
  }

  /** The item type of the {@code slot}-th uploaded stream, or Object when the method has no such stream. */
  Type streamItemType(int slot) {
    for (Parameter p : parameters) {
      if (p.streamSlot() == slot) {
        return p.itemType();
      }
    }
    return Object.class;
  }

  boolean isStreaming() {
    return returnKind == ReturnKind.STREAM;
  }
}
