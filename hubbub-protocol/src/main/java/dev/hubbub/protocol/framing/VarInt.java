package dev.hubbub.protocol.framing;

import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;

/**
 * The length prefix of binary SignalR frames (MessagePack hub protocol and the Azure service protocol):
 * 7 bits per byte, least significant group first, high bit set when another byte follows, at most 5 bytes,
 * at most {@value #MAX_VALUE} (2 GB - 1). Examples: {@code 0x35} = 53, {@code 0x80 0x29} = 5248.
 */
public final class VarInt {
  /** The largest length a prefix may carry. */
  public static final int MAX_VALUE = Integer.MAX_VALUE;
  /** The longest encoding of a prefix. */
  public static final int MAX_BYTES = 5;
  /** Returned by {@link #read} when the buffer ends before the prefix does. */
  public static final int INCOMPLETE = -1;

  private VarInt() {}

  /** The number of bytes {@code value} takes as a prefix. */
  public static int size(int value) {
    requireLength(value);
    int size = 1;
    while ((value >>>= 7) != 0) {
      size++;
    }
    return size;
  }

  /** Writes {@code value} at the buffer's position, advancing it. */
  public static void write(ByteBuffer out, int value) {
    requireLength(value);
    while ((value & ~0x7F) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  /** Writes {@code value} into {@code out} at {@code offset} and returns the number of bytes written. */
  public static int write(byte[] out, int offset, int value) {
    requireLength(value);
    int i = offset;
    while ((value & ~0x7F) != 0) {
      out[i++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[i++] = (byte) value;
    return i - offset;
  }

  /**
   * Reads a prefix at the buffer's position. On success the position moves past the prefix and the value
   * is returned; when the buffer ends first, the position is unchanged and {@link #INCOMPLETE} is returned.
   *
   * @throws ProtocolException if the prefix is longer than 5 bytes or its value exceeds {@link #MAX_VALUE}
   */
  public static int read(ByteBuffer in) throws ProtocolException {
    int start = in.position();
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (start + i >= in.limit()) {
        return INCOMPLETE;
      }
      int b = in.get(start + i) & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (value > MAX_VALUE) {
          throw new ProtocolException("Message length prefix " + value + " exceeds the largest supported length "
              + MAX_VALUE + ".");
        }
        in.position(start + i + 1);
        return (int) value;
      }
    }
    throw new ProtocolException("Message length prefix is longer than " + MAX_BYTES + " bytes.");
  }

  private static void requireLength(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("length must not be negative: " + value);
    }
  }
}
