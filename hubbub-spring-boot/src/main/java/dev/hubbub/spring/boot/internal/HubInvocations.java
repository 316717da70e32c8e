package dev.hubbub.spring.boot.internal;

import dev.hubbub.core.CurrentCaller;
import dev.hubbub.core.HubSession;
import dev.hubbub.server.Hub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.util.ClassUtils;

/**
 * Runs first on every call of a hub bean's proxy (a hub bean is proxied when the application has advice for it,
 * Spring Security's method security above all): it gives the target the hub server's binding (the hub server binds
 * the instance it was given, the proxy, and {@code context()}, {@code clients()} and {@code groups()} must work in
 * the target), counts client invocations in Micrometer ({@code hubbub.signalr.invocations.received}), and with Spring
 * Security runs the call with a {@code SecurityContext} holding the caller ({@link HubSecurity}).
 */
public final class HubInvocations implements MethodInterceptor {
  private static final boolean SECURITY = ClassUtils.isPresent(
      "org.springframework.security.core.context.SecurityContextHolder", HubInvocations.class.getClassLoader());
  private static final boolean MICROMETER = ClassUtils.isPresent(
      "io.micrometer.core.instrument.MeterRegistry", HubInvocations.class.getClassLoader());
  /** Hub's own state (its binding), copied from the proxy to the target before each call. */
  private static final List<Field> BINDING = binding();
  /** The counter of a hub when there is no registry. */
  private static final Object NO_COUNTER = new Object();

  private final Map<Class<?>, String> hubPaths;
  private final Supplier<@Nullable Object> registry;
  private final Map<Class<?>, Object> counters = new ConcurrentHashMap<>();

  /**
   * @param hubPaths each hub class's path, the {@code hub} tag of its meters
   * @param registry the Micrometer {@code MeterRegistry}, or null when there is none
   */
  public HubInvocations(Map<Class<?>, String> hubPaths, Supplier<@Nullable Object> registry) {
    this.hubPaths = Map.copyOf(hubPaths);
    this.registry = registry;
  }

  private static List<Field> binding() {
    List<Field> fields = new ArrayList<>();
    for (Field f : Hub.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        f.setAccessible(true);
        fields.add(f);
      }
    }
    return List.copyOf(fields);
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    Object target = invocation.getThis();
    if (!(target instanceof Hub) || !(invocation instanceof ProxyMethodInvocation proxied)
        || proxied.getProxy() == target) {
      return invocation.proceed();
    }
    Method method = invocation.getMethod();
    if (method.getDeclaringClass() == Object.class) {
      return invocation.proceed();
    }
    for (Field f : BINDING) {
      f.set(target, f.get(proxied.getProxy()));
    }
    if (!lifecycle(method)) {
      count(target.getClass());
    }
    HubSession caller = CurrentCaller.get();
    if (SECURITY && caller != null) {
      return HubSecurity.invokeAs(caller, invocation);
    }
    return invocation.proceed();
  }

  /** {@code onConnected}/{@code onDisconnected}, overridden or not: not client invocations. */
  private static boolean lifecycle(Method method) {
    try {
      Hub.class.getMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private void count(Class<?> type) {
    if (!MICROMETER) {
      return;
    }
    Class<?> hub = ClassUtils.getUserClass(type);
    Object counter = counters.computeIfAbsent(hub, h -> {
      Object meters = registry.get();
      return meters == null ? NO_COUNTER : Meters.counter((MeterRegistry) meters, hubPaths.getOrDefault(h,
          h.getSimpleName()));
    });
    if (counter instanceof Counter c) {
      c.increment();
    }
  }

  /** Loaded only with Micrometer. */
  private static final class Meters {
    static Counter counter(MeterRegistry registry, String hub) {
      return Counter.builder("hubbub.signalr.invocations.received")
          .description("Client invocations of a hub's methods (one per Invocation or StreamInvocation that reached "
              + "the method, denied ones included)")
          .tag("hub", hub).register(registry);
    }
  }
}
