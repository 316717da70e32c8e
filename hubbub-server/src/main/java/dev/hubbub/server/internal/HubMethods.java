package dev.hubbub.server.internal;

import dev.hubbub.server.Hub;
import dev.hubbub.server.StreamCancellation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** The public methods of a hub class, found once, looked up by name ignoring case. */
final class HubMethods {
  private final Map<String, HubMethod> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  HubMethods(Class<? extends Hub> hubClass) {
    if (!Modifier.isPublic(hubClass.getModifiers())) {
      throw new IllegalArgumentException("Hub class " + hubClass.getName() + " must be public");
    }
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    for (Method m : hubClass.getMethods()) {
      Class<?> owner = m.getDeclaringClass();
      if (Modifier.isStatic(m.getModifiers()) || owner == Object.class || owner == Hub.class || m.isBridge()
          || m.isSynthetic()) {
        continue;
      }
      if (isLifecycleOverride(m)) {
        continue;
      }
      String key = m.getName().toLowerCase(Locale.ROOT);
      if (byName.containsKey(key)) {
        throw new IllegalArgumentException("Hub " + hubClass.getName() + " has more than one method named '"
            + m.getName() + "' (ignoring case); SignalR calls methods by name, so give each a distinct name");
      }
      byName.put(key, describe(lookup, m));
    }
  }

  private static boolean isLifecycleOverride(Method m) {
    try {
      Hub.class.getMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  @Nullable HubMethod find(String name) {
    return byName.get(name);
  }

  private static HubMethod describe(MethodHandles.Lookup lookup, Method m) {
    MethodHandle handle;
    try {
      handle = lookup.unreflect(m);
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException("Hub method " + m + " is not accessible: " + e.getMessage(), e);
    }
    handle = handle.asSpreader(Object[].class, m.getParameterCount())
        .asType(MethodType.methodType(Object.class, Object.class, Object[].class));
    List<Type> argTypes = new ArrayList<>();
    List<HubMethod.Parameter> params = new ArrayList<>();
    int slot = 0;
    for (Type t : m.getGenericParameterTypes()) {
      Class<?> raw = rawClass(t);
      if (raw == StreamCancellation.class) {
        params.add(new HubMethod.Parameter(-1, -1, Object.class, false, true));
      } else if (raw == Flow.Publisher.class || raw == Iterable.class) {
        params.add(new HubMethod.Parameter(-1, slot++, itemType(t), raw == Iterable.class, false));
      } else {
        params.add(new HubMethod.Parameter(argTypes.size(), -1, Object.class, false, false));
        argTypes.add(t);
      }
    }
    Class<?> ret = m.getReturnType();
    HubMethod.ReturnKind kind;
    HubMethod.StreamSource source = streamSource(ret);
    if (ret == void.class || ret == Void.class) {
      kind = HubMethod.ReturnKind.VOID;
    } else if (source != null) {
      kind = HubMethod.ReturnKind.STREAM;
    } else if (CompletionStage.class.isAssignableFrom(ret)) {
      kind = itemType(m.getGenericReturnType()) == Void.class ? HubMethod.ReturnKind.ASYNC_VOID
          : HubMethod.ReturnKind.ASYNC;
    } else {
      kind = HubMethod.ReturnKind.VALUE;
    }
    return new HubMethod(m.getName(), handle, argTypes.toArray(new Type[0]), List.copyOf(params), kind, source,
        m.getAnnotation(dev.hubbub.server.Authorize.class));
  }

  private static HubMethod.@Nullable StreamSource streamSource(Class<?> ret) {
    if (Flow.Publisher.class.isAssignableFrom(ret)) {
      return HubMethod.StreamSource.PUBLISHER;
    } else if (Stream.class.isAssignableFrom(ret)) {
      return HubMethod.StreamSource.STREAM;
    } else if (ret == Iterable.class) {
      return HubMethod.StreamSource.ITERABLE;
    } else if (ret == Iterator.class) {
      return HubMethod.StreamSource.ITERATOR;
    }
    return null;
  }

  private static Class<?> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type itemType(Type t) {
    if (t instanceof ParameterizedType p) {
      Type arg = p.getActualTypeArguments()[0];
      if (arg instanceof java.lang.reflect.WildcardType w) {
        return w.getUpperBounds()[0];
      }
      return arg;
    }
    return Object.class;
  }
}
