package dev.hubbub.server.internal;

import org.jspecify.annotations.Nullable;
import dev.hubbub.server.GroupManager;
import dev.hubbub.server.Hub;
import dev.hubbub.server.HubCallerClients;
import dev.hubbub.server.HubCallerContext;
import java.util.Objects;

/** Lets the dispatcher set a {@link Hub}'s context without making the setters public API. */
public final class HubBinder {
  /** Installed by {@link Hub}'s static initializer. */
  @FunctionalInterface
  public interface Binder {
    void bind(Hub hub, HubCallerContext context, HubCallerClients clients, GroupManager groups);
  }

  private static volatile @Nullable Binder binder;

  private HubBinder() {}

  public static void install(Binder b) {
    binder = Objects.requireNonNull(b);
  }

  static void bind(Hub hub, HubCallerContext context, HubCallerClients clients, GroupManager groups) {
    Binder b = binder;
    if (b == null) {
      throw new IllegalStateException("Hub's static initializer did not install its binder");
    }
    b.bind(hub, context, clients, groups);
  }
}
