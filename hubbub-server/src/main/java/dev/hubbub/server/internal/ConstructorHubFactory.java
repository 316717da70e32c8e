package dev.hubbub.server.internal;

import dev.hubbub.server.Hub;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/**
 * Makes hubs of exactly one class through its public no-argument constructor: the factory of a hub mapped by its
 * class alone. Because what it makes is known before it makes anything, the hub's dispatcher can tell at once
 * whether the class overrides {@link Hub#onConnected} or {@link Hub#onDisconnected}; with an arbitrary factory it
 * waits for the first instance to see its class.
 *
 * @param <H> the hub class
 */
public final class ConstructorHubFactory<H extends Hub> implements Supplier<H> {
  private final Class<H> type;
  private final Constructor<H> constructor;

  private ConstructorHubFactory(Class<H> type, Constructor<H> constructor) {
    this.type = type;
    this.constructor = constructor;
  }

  /**
   * The factory of {@code type}.
   *
   * @throws IllegalArgumentException if {@code type} has no public no-argument constructor
   */
  public static <H extends Hub> ConstructorHubFactory<H> of(Class<H> type) {
    try {
      return new ConstructorHubFactory<>(type, type.getConstructor());
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("Hub " + type.getName() + " needs a public no-argument constructor, "
          + "or map it with hub(path, type, factory)", e);
    }
  }

  /** The class of every hub this factory makes. */
  public Class<H> type() {
    return type;
  }

  @Override
  public H get() {
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("Cannot create hub " + type.getName() + ": its constructor threw " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create hub " + type.getName() + ": " + e.getMessage(), e);
    }
  }
}
