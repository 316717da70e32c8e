package dev.hubbub.test.internal;

import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.test.HubName;
import dev.hubbub.test.ServiceConnectionString;
import dev.hubbub.test.ServiceEndpoint;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/** Sets the fields annotated with {@link ServiceEndpoint}, {@link ServiceConnectionString} and {@link HubName}. */
public final class FieldInjector {
  private FieldInjector() {}

  /** Sets the static fields of {@code type} (and its superclasses). */
  public static void injectStatic(Class<?> type, RunningService service, String defaultHub) {
    inject(type, null, service, defaultHub);
  }

  /** Sets the instance fields of {@code instance}. */
  public static void injectInstance(Object instance, RunningService service, String defaultHub) {
    inject(instance.getClass(), instance, service, defaultHub);
  }

  private static void inject(Class<?> type, @Nullable Object instance, RunningService service, String defaultHub) {
    for (Field field : ReflectionSupport.findFields(type, f -> Modifier.isStatic(f.getModifiers()) == (instance == null)
        && (f.isAnnotationPresent(ServiceEndpoint.class) || f.isAnnotationPresent(ServiceConnectionString.class)
            || f.isAnnotationPresent(HubName.class)), HierarchyTraversalMode.TOP_DOWN)) {
      Object value = value(field, service, defaultHub);
      try {
        field.setAccessible(true);
        field.set(instance, value);
      } catch (IllegalAccessException | RuntimeException e) {
        throw new IllegalStateException("Cannot set " + field + ": " + e.getMessage(), e);
      }
    }
  }

  private static Object value(Field field, RunningService service, String defaultHub) {
    Class<?> type = field.getType();
    if (field.isAnnotationPresent(ServiceEndpoint.class)) {
      if (type == URI.class) {
        return service.service().endpoint();
      }
      if (type == String.class) {
        return service.service().endpoint().toString();
      }
      throw new IllegalStateException("@ServiceEndpoint needs a URI or String field: " + field);
    }
    if (field.isAnnotationPresent(ServiceConnectionString.class)) {
      if (type != String.class) {
        throw new IllegalStateException("@ServiceConnectionString needs a String field: " + field);
      }
      return service.service().connectionString();
    }
    if (type != ServiceHubContext.class) {
      throw new IllegalStateException("@HubName needs a ServiceHubContext field: " + field);
    }
    HubName name = java.util.Objects.requireNonNull(field.getAnnotation(HubName.class));
    String hub = name.value().isEmpty() ? defaultHub : name.value();
    return service.hubContext(hub);
  }
}
