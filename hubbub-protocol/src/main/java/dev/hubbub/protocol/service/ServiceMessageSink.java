package dev.hubbub.protocol.service;

import dev.hubbub.protocol.ProtocolException;

/** Receives decoded service messages from a {@link ServiceMessageReader}. */
@FunctionalInterface
public interface ServiceMessageSink {
  /** Called once per message of a known type, in stream order. Throwing stops the read. */
  void accept(ServiceMessage message) throws ProtocolException;
}
