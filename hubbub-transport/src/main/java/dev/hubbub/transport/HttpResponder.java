package dev.hubbub.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Answers one plain HTTP request, once, from any thread. The transport adds {@code Content-Length},
 * keep-alive and CORS headers. Later calls after the first are ignored (and release their body).
 */
public interface HttpResponder {

  /** The allocator for response bodies. */
  ByteBufAllocator alloc();

  /**
   * Sends a response; takes ownership of {@code body}.
   *
   * @param headers extra headers, for example {@code Content-Type}
   */
  void respond(int status, HttpHeaders headers, ByteBuf body);

  /** Sends a response with an empty body. */
  void respond(int status);

  /** Sends a UTF-8 body with the given content type. */
  void respond(int status, String contentType, String body);
}
