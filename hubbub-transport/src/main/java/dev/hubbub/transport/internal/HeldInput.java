package dev.hubbub.transport.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a connection holds back while its reading is paused: messages that were read before the pause took
 * effect, and the answers to clients' sends (POSTs over Server-Sent Events and long polling). Loop-confined;
 * nothing is allocated until something is held.
 */
final class HeldInput {
  private @Nullable ArrayDeque<ByteBuf> data;
  private @Nullable List<Runnable> sends;

  /** Keeps a retained reference to {@code message} until {@link #pollData()} or {@link #release()}. */
  void holdData(ByteBuf message) {
    if (data == null) {
      data = new ArrayDeque<>(4);
    }
    data.add(message.retain());
  }

  /** The oldest held message (the caller releases it), or null. */
  @Nullable ByteBuf pollData() {
    return data == null ? null : data.poll();
  }

  void holdSend(Runnable answer) {
    if (sends == null) {
      sends = new ArrayList<>(1);
    }
    sends.add(answer);
  }

  boolean hasSends() {
    return sends != null && !sends.isEmpty();
  }

  /** Answers the held sends. */
  void releaseSends() {
    List<Runnable> held = sends;
    sends = null;
    if (held != null) {
      held.forEach(Runnable::run);
    }
  }

  /** The connection ended: held sends are answered, held messages dropped. */
  void release() {
    releaseSends();
    ArrayDeque<ByteBuf> held = data;
    data = null;
    if (held != null) {
      held.forEach(ByteBuf::release);
    }
  }
}
