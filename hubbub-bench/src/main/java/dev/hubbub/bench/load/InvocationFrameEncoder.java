package dev.hubbub.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes the hub invocations clients send, {@code target(due, pad)}, as client WebSocket frames: JSON
 * ({@code {"type":1,...}} + 0x1E in a text frame) or MessagePack (VarInt length + array in a binary frame).
 * A blocking invocation carries the send's index as its invocation id, so the server answers with a
 * Completion. Frames are masked with a zero key (RFC 6455 allows any key), so the payload goes as is.
 * Not thread-safe: one encoder per sending loop.
 */
final class InvocationFrameEncoder {
  static final int OPCODE_TEXT = 0x1;
  static final int OPCODE_BINARY = 0x2;

  private final boolean messagePack;
  private final byte[] target;
  private final boolean blocking;
  private final byte[] pad;
  private final ByteBuf scratch = Unpooled.buffer(256); // the payload before its frame header
  private final ByteBuf body = Unpooled.buffer(256); // a MessagePack message before its length prefix

  InvocationFrameEncoder(String protocol, String target, boolean blocking, int padBytes) {
    this.messagePack = protocol.equals("messagepack");
    this.target = target.getBytes(StandardCharsets.UTF_8);
    this.blocking = blocking;
    this.pad = new byte[padBytes];
    Arrays.fill(pad, (byte) 'x');
  }

  /** The frame of invocation {@code index} whose first argument is {@code dueNanos}. */
  ByteBuf encode(ByteBufAllocator alloc, long index, long dueNanos) {
    scratch.clear();
    if (messagePack) {
      messagePack(index, dueNanos);
    } else {
      json(index, dueNanos);
    }
    int length = scratch.readableBytes();
    ByteBuf frame = alloc.buffer(14 + length);
    writeHeader(frame, messagePack ? OPCODE_BINARY : OPCODE_TEXT, length);
    frame.writeBytes(scratch);
    return frame;
  }

  private void json(long index, long dueNanos) {
    ByteBuf b = scratch;
    ascii(b, blocking ? "{\"type\":1,\"invocationId\":\"" + index + "\",\"target\":\"" : "{\"type\":1,\"target\":\"");
    b.writeBytes(target);
    ascii(b, "\",\"arguments\":[" + dueNanos + ",\"");
    b.writeBytes(pad);
    ascii(b, "\"]}");
    b.writeByte(HubMessageScanner.RECORD_SEPARATOR);
  }

  private static void ascii(ByteBuf b, String s) {
    b.writeCharSequence(s, StandardCharsets.US_ASCII);
  }

  /** {@code [1, {}, id | nil, target, [due, pad], []]} behind its VarInt length. */
  private void messagePack(long index, long dueNanos) {
    body.clear();
    body.writeByte(0x96).writeByte(1).writeByte(0x80);
    if (blocking) {
      msgpackString(body, Long.toString(index).getBytes(StandardCharsets.US_ASCII));
    } else {
      body.writeByte(0xc0);
    }
    msgpackString(body, target);
    body.writeByte(0x92).writeByte(0xd3).writeLong(dueNanos);
    msgpackString(body, pad);
    body.writeByte(0x90);
    int length = body.readableBytes();
    do {
      int b = length & 0x7f;
      length >>>= 7;
      scratch.writeByte(length == 0 ? b : b | 0x80);
    } while (length != 0);
    scratch.writeBytes(body);
  }

  private static void msgpackString(ByteBuf b, byte[] s) {
    if (s.length < 32) {
      b.writeByte(0xa0 | s.length);
    } else if (s.length < 256) {
      b.writeByte(0xd9).writeByte(s.length);
    } else if (s.length < 65536) {
      b.writeByte(0xda).writeShort(s.length);
    } else {
      b.writeByte(0xdb).writeInt(s.length);
    }
    b.writeBytes(s);
  }

  /** A final client frame's header with a zero mask key: 2, 4 or 10 length bytes, then 4 key bytes. */
  static void writeHeader(ByteBuf out, int opcode, int length) {
    out.writeByte(0x80 | opcode);
    if (length < 126) {
      out.writeByte(0x80 | length);
    } else if (length < 65536) {
      out.writeByte(0x80 | 126).writeShort(length);
    } else {
      out.writeByte(0x80 | 127).writeLong(length);
    }
    out.writeInt(0);
  }
}
