package dev.hubbub.management.internal;

import dev.hubbub.serviceconnection.ServiceConnectionConfig;
import java.time.Duration;

/**
 * Settings of the persistent transport.
 *
 * @param connectionCount WebSockets per hub (the official SDK's {@code ConnectionCount}, default 1)
 * @param connectTimeout how long creating a blocking hub context waits for the first connection
 * @param ackTimeout how long a {@code *WithAck} operation waits for the service's Ack (10 s, as the SDK)
 * @param connection dial, keep-alive and backoff settings of each WebSocket (Weak connection type)
 */
public record PersistentOptions(int connectionCount, Duration connectTimeout, Duration ackTimeout,
    ServiceConnectionConfig connection) {}
