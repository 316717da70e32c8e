package dev.hubbub.test;

import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.test.internal.FieldInjector;
import dev.hubbub.test.internal.RunningService;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link HubbubServiceTest}: an embedded Hubbub service on a free loopback port for a
 * test class, in the style of Testcontainers' JUnit support.
 *
 * <p><b>Lifecycle.</b> Registered with {@link HubbubServiceTest}, or in code on a {@code static} field
 * ({@code @RegisterExtension static HubbubServiceExtension hubbub = HubbubServiceExtension.builder()...build()}),
 * one service runs for the class: started before the first test, closed after the last. Registered on an
 * instance field, each test gets its own. With {@code shared}, one service serves every class that shares it
 * (the same mode with the annotation; the same extension object in code, e.g. a static field of a base class)
 * and closes at the end of the run. {@code @Nested} classes use the service of their outer class.
 *
 * <p><b>Between tests</b> the hubs are cleared: the {@link TestClients} of the test are stopped, then every client
 * connection still open is closed (a Close message saying the test ended) and every user's group memberships
 * are forgotten ({@link HubbubService#clearHubs}); the extension waits until no client connection is left. App
 * server connections (Default mode) stay, so a hub server started once for the class keeps serving.
 *
 * <p><b>Injection.</b> Test, lifecycle and constructor parameters of these types are resolved:
 * {@link HubbubService}; {@code ServiceManager} (the management SDK for this service); {@code ServiceHubContext}
 * of the hub named by {@link HubName} or by the default hub; {@link TestClients} (test methods and
 * {@code @BeforeEach}/{@code @AfterEach} only); {@code URI} or {@code String} annotated {@link ServiceEndpoint};
 * {@code String} annotated {@link ServiceConnectionString}. Fields annotated with {@link ServiceEndpoint},
 * {@link ServiceConnectionString} or {@link HubName} ({@code ServiceHubContext}) are set too: static ones before
 * all tests, instance ones before each.
 *
 * <p>Parallel execution: classes with their own service may run in parallel; tests that share a service (the
 * methods of one class, or classes with {@code shared}) must not, since clearing after one test would close the
 * other's clients.
 */
public final class HubbubServiceExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
      HubbubServiceExtension.class);
  private static final String SERVICE = "service";
  private static final String OWNED = "owned-service";
  private static final String CLIENTS = "clients";
  /** How long clearing may take before the test fails with the number of connections left. */
  private static final Duration CLEAR_TIMEOUT = Duration.ofSeconds(10);

  private final @Nullable Config programmatic;
  private volatile @Nullable RunningService current;
  private volatile @Nullable TestClients currentClients;

  /** What a service is started with. */
  private record Config(ServiceMode mode, boolean shared, String hub, Consumer<ServiceOptions.Builder> options,
      Duration clearTimeout) {}

  /** A reference to a service in a store; not closeable, so only the owner's entry closes it. */
  private record Ref(RunningService service) {}

  /** Used by JUnit for {@link HubbubServiceTest}; the settings come from the annotation. */
  public HubbubServiceExtension() {
    this.programmatic = null;
  }

  private HubbubServiceExtension(Config config) {
    this.programmatic = config;
  }

  /** A builder for registering the extension in code with {@code @RegisterExtension}. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- lifecycle

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    RunningService service = serviceFor(context, context.getStore(NAMESPACE));
    FieldInjector.injectStatic(context.getRequiredTestClass(), service, config(context).hub());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    current = null;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    RunningService service = serviceFor(context, context.getStore(NAMESPACE));
    TestClients clients = new TestClients(service);
    context.getStore(NAMESPACE).put(CLIENTS, clients);
    currentClients = clients;
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      FieldInjector.injectInstance(instance, service, config(context).hub());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestClients clients = context.getStore(NAMESPACE).get(CLIENTS, TestClients.class);
    try {
      if (clients != null) {
        clients.close();
      }
    } finally {
      currentClients = null;
      Ref ref = context.getStore(NAMESPACE).get(SERVICE, Ref.class);
      if (ref != null) {
        ref.service().clear(config(context).clearTimeout());
      }
    }
  }

  /** The service visible from {@code context}, or a new one owned by {@code store}'s context. */
  private RunningService serviceFor(ExtensionContext context, ExtensionContext.Store store) {
    Ref ref = store.get(SERVICE, Ref.class);
    if (ref != null) {
      current = ref.service();
      return ref.service();
    }
    Config config = config(context);
    RunningService service;
    if (config.shared()) {
      ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
      Object key = programmatic != null ? this : "annotation:" + config.mode();
      service = root.getOrComputeIfAbsent(key, k -> start(config), RunningService.class);
    } else {
      service = start(config);
      store.put(OWNED, service); // closed with this context: the class, or the test for an instance field
    }
    store.put(SERVICE, new Ref(service));
    current = service;
    return service;
  }

  private static RunningService start(Config config) {
    ServiceOptions.Builder options = ServiceOptions.builder().port(0).mode(config.mode());
    config.options().accept(options);
    return RunningService.start(options.build());
  }

  private Config config(ExtensionContext context) {
    if (programmatic != null) {
      return programmatic;
    }
    for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
      HubbubServiceTest a = AnnotationSupport.findAnnotation(c, HubbubServiceTest.class).orElse(null);
      if (a != null) {
        return new Config(a.mode(), a.shared(), a.hub(), o -> { }, CLEAR_TIMEOUT);
      }
    }
    return new Config(ServiceMode.SERVERLESS, false, "", o -> { }, CLEAR_TIMEOUT);
  }

  // ---- parameters

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Parameter p = parameterContext.getParameter();
    Class<?> type = p.getType();
    if (p.isAnnotationPresent(ServiceEndpoint.class)) {
      return type == URI.class || type == String.class;
    }
    if (p.isAnnotationPresent(ServiceConnectionString.class)) {
      return type == String.class;
    }
    return type == HubbubService.class || type == ServiceManager.class || type == ServiceHubContext.class
        || type == TestClients.class;
  }

  @Override
  public @Nullable Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    Parameter p = parameterContext.getParameter();
    Ref ref = context.getStore(NAMESPACE).get(SERVICE, Ref.class);
    if (ref == null) {
      throw new ParameterResolutionException("No Hubbub service is running for " + p + ": the extension starts it "
          + "before all tests (or before each, when registered on an instance field).");
    }
    RunningService service = ref.service();
    Class<?> type = p.getType();
    if (p.isAnnotationPresent(ServiceEndpoint.class)) {
      return type == URI.class ? service.service().endpoint() : service.service().endpoint().toString();
    }
    if (p.isAnnotationPresent(ServiceConnectionString.class)) {
      return service.service().connectionString();
    }
    if (type == HubbubService.class) {
      return service.service();
    }
    if (type == ServiceManager.class) {
      return service.manager();
    }
    if (type == TestClients.class) {
      TestClients clients = context.getStore(NAMESPACE).get(CLIENTS, TestClients.class);
      if (clients == null) {
        throw new ParameterResolutionException("TestClients belong to one test: take them in a test method or in "
            + "@BeforeEach/@AfterEach, not in " + p.getDeclaringExecutable());
      }
      return clients;
    }
    HubName name = p.getAnnotation(HubName.class);
    String hub = name != null ? name.value() : config(context).hub();
    if (hub.isEmpty()) {
      throw new ParameterResolutionException("Which hub is " + p + " for? Annotate it with @HubName(\"chat\") or "
          + "set @HubbubServiceTest(hub = \"chat\") (or HubbubServiceExtension.builder().hub(\"chat\")).");
    }
    return service.hubContext(hub);
  }

  // ---- for extensions registered in code

  private RunningService running() {
    RunningService s = current;
    if (s == null) {
      throw new IllegalStateException("The Hubbub service is not running: it starts before all tests of the class "
          + "(or before each test, when the extension is registered on an instance field).");
    }
    return s;
  }

  /** The running service. */
  public HubbubService service() {
    return running().service();
  }

  /** The service's endpoint, {@code http://localhost:<port>}. */
  public URI endpoint() {
    return running().service().endpoint();
  }

  /** The service's connection string; it holds the access key. */
  public String connectionString() {
    return running().service().connectionString();
  }

  /** The management SDK's manager for the service. */
  public ServiceManager serviceManager() {
    return running().manager();
  }

  /** The management SDK's context of {@code hub}. */
  public ServiceHubContext hubContext(String hub) {
    return running().hubContext(hub);
  }

  /**
   * The current test's clients.
   *
   * @throws IllegalStateException outside a test
   */
  public TestClients clients() {
    TestClients c = currentClients;
    if (c == null) {
      throw new IllegalStateException("TestClients belong to one test; there is no test running.");
    }
    return c;
  }

  @Override
  public String toString() {
    RunningService s = current;
    return "HubbubServiceExtension[" + (s == null ? "not running" : s) + "]";
  }

  /** Settings of an extension registered in code. */
  public static final class Builder {
    private ServiceMode mode = ServiceMode.SERVERLESS;
    private boolean shared;
    private String hub = "";
    private Consumer<ServiceOptions.Builder> options = o -> { };
    private Duration clearTimeout = CLEAR_TIMEOUT;

    private Builder() {}

    /** The service mode (serverless by default). */
    public Builder mode(ServiceMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** One service for every class that uses this extension object, closed at the end of the run. */
    public Builder shared(boolean shared) {
      this.shared = shared;
      return this;
    }

    /** The hub of {@code ServiceHubContext} parameters and fields without {@link HubName}. */
    public Builder hub(String hub) {
      this.hub = Objects.requireNonNull(hub, "hub");
      return this;
    }

    /**
     * Changes the service's options (limits, timeouts, upstream, access key); they start from
     * {@link ServiceOptions#DEFAULTS} with port 0 and the mode above.
     */
    public Builder options(Consumer<ServiceOptions.Builder> options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * How long clearing the hubs after a test may take before that test fails naming the connections left
     * (10 s by default).
     */
    public Builder clearTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("clearTimeout must be positive: " + timeout);
      }
      this.clearTimeout = timeout;
      return this;
    }

    /** The extension. */
    public HubbubServiceExtension build() {
      return new HubbubServiceExtension(new Config(mode, shared, hub, options, clearTimeout));
    }
  }
}
