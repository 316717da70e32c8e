package dev.hubbub.spring.boot.internal;

import io.netty.channel.EventLoopGroup;

/**
 * The event loops of the application's own Netty server, when it has one (WebFlux on Reactor Netty): the hubs are
 * then served on its port. Without this bean the hub server listens on a port of its own.
 */
public record EmbeddingLoops(EventLoopGroup group) {}
