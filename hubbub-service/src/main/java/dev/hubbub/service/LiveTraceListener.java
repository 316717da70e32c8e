package dev.hubbub.service;

/**
 * Receives the service's live trace, as Azure SignalR's Live Trace shows it: connections opened and closed,
 * messages in and out by hub, REST calls with their status, upstream calls with status and time, and app server
 * connections (Default mode). Set with {@link ServiceOptions.Builder#liveTrace}; the app host's dashboard uses it.
 *
 * <p>Called on the service's I/O threads, often: an implementation must return quickly and never block (queue
 * and drop rather than wait). With no listener the service builds no events.
 */
@FunctionalInterface
public interface LiveTraceListener {

  /** @param event what happened */
  void onEvent(LiveTraceEvent event);
}
