package dev.hubbub.service.spi;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Joins a service node to others that share one broker: the hubs' lifetime managers reach every node's
 * connections ({@link ServiceLifetimeManagerFactory}), and in Default mode a client that lands on a node with
 * no app server for its hub is sent to a node that has one ({@link #serverNode}). The service calls
 * {@link #start} once it listens and {@link #close} after its connections are gone.
 *
 * <p>{@code hubbub-service-redis} implements it over Redis; {@link ServiceBackplaneProvider} lets
 * {@code start --redis} and {@link dev.hubbub.service.ServiceOptions.Builder#backplane(String)} find it.
 */
public interface ServiceBackplane extends ServiceLifetimeManagerFactory, AutoCloseable {

  /**
   * Connects to the broker and announces this node; called once, when the service listens.
   *
   * @throws RuntimeException when the broker cannot be reached: the service then does not start
   */
  void start(ServiceNode node);

  /**
   * The base URL ({@code http://host:port}) of another node where app servers of the hub are connected, or
   * null when none is known. Answered from what the backplane last heard, without waiting.
   */
  @Nullable URI serverNode(String hubKey);

  /**
   * Why other nodes cannot be reached right now, or null when they can. While degraded, operations still reach
   * this node's connections, and operations that need other nodes fail.
   */
  @Nullable String degradedReason();

  /** Leaves the cluster and disconnects. Idempotent. */
  @Override
  void close();

  /** What a backplane needs to know about the node it joins. */
  interface ServiceNode {
    /** The base URL clients reach this node at ({@code http://localhost:8888}). */
    URI endpoint();

    /** The hubs (keys) that have at least one app server connection on this node that takes clients. */
    java.util.Set<String> hubsWithServers();
  }
}
