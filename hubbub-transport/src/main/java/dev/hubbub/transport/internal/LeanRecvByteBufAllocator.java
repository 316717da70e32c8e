package dev.hubbub.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The receive-buffer allocator of accepted connections: adaptive like Netty's {@code AdaptiveRecvByteBufAllocator},
 * but each channel's handle is one object of 32 bytes, where Netty's is three of 112 (the handle, its
 * {@code AdaptiveCalculator} and the maybe-more-data supplier every {@code MaxMessageHandle} makes). Every socket
 * keeps its handle for life, so this is paid per idle connection.
 *
 * <p>Sizing, per channel: the guess is a power of two from {@value #MIN_BYTES} to {@value #MAX_BYTES} bytes,
 * starting at {@value #INITIAL_BYTES} (Netty's initial guess). A read that takes the whole guess multiplies it by
 * four at once, so the very next read of the same loop is larger and a megabyte arrives in a few reads of
 * {@value #MAX_BYTES}. A read loop whose reads together took less than half the guess votes to shrink; two such
 * loops in a row halve the guess, and any other loop clears the vote, so one small message between large ones does
 * not cost the next large one its buffer.
 *
 * <p>Reading per loop turn follows Netty's {@code DefaultMaxMessagesRecvByteBufAllocator}: it goes on while auto-read
 * is on, something was read in this loop, the last read filled its buffer (or the caller's maybe-more-data says so)
 * and fewer than {@link #maxMessagesPerRead()} reads were made. That limit is this allocator's, shared by all of its
 * handles, and defaults to {@value #DEFAULT_MAX_MESSAGES_PER_READ}: what Netty gives the allocator a stream channel
 * makes for itself. (An allocator given through {@code ChannelOption.RCVBUF_ALLOCATOR} keeps its own limit, and a
 * shared {@code new AdaptiveRecvByteBufAllocator()} has 1: one read per loop turn.)
 *
 * <p>Not API: public only for {@code TransportServer}.
 */
public final class LeanRecvByteBufAllocator implements MaxMessagesRecvByteBufAllocator {
  static final int MIN_BYTES = 1 << LeanHandle.MIN_SHIFT;
  static final int INITIAL_BYTES = 1 << LeanHandle.INITIAL_SHIFT;
  static final int MAX_BYTES = 1 << LeanHandle.MAX_SHIFT;
  static final int DEFAULT_MAX_MESSAGES_PER_READ = 16;

  private volatile int maxMessagesPerRead = DEFAULT_MAX_MESSAGES_PER_READ;

  /** {@code ExtendedHandle}, which epoll and io_uring require (their configs refuse an allocator without it). */
  @Override
  public RecvByteBufAllocator.ExtendedHandle newHandle() {
    return new LeanHandle();
  }

  @Override
  public int maxMessagesPerRead() {
    return maxMessagesPerRead;
  }

  /**
   * Sets the limit for every handle of this allocator, from its next read loop on. A channel's config passes its
   * own setting here, so setting it on one channel sets it for all channels sharing this allocator. A handle counts
   * at most {@link Short#MAX_VALUE} reads per loop; a larger limit acts as that.
   */
  @Override
  public LeanRecvByteBufAllocator maxMessagesPerRead(int maxMessagesPerRead) {
    if (maxMessagesPerRead <= 0) {
      throw new IllegalArgumentException("maxMessagesPerRead: " + maxMessagesPerRead + " (expected: > 0)");
    }
    this.maxMessagesPerRead = maxMessagesPerRead;
    return this;
  }

  /**
   * One channel's state. Fields only, no objects of its own: with compressed oops a 12-byte header, the config
   * reference, three ints, a short and two bytes make 32 bytes. The read limit is not kept: {@link #reset} takes it
   * from the channel's config, which returns this handle's allocator, and counts it down in {@link #readsLeft}.
   */
  static final class LeanHandle implements RecvByteBufAllocator.ExtendedHandle {
    static final int MIN_SHIFT = 6;
    static final int INITIAL_SHIFT = 11;
    static final int MAX_SHIFT = 16;
    /** How far one filled read moves {@link #shift}: two, a guess four times as large. */
    private static final int GROW_SHIFTS = 2;
    /** {@link #smallLoops} while a read of the current loop has filled its buffer: the loop cannot vote to shrink. */
    private static final byte FILLED = -1;
    private static final int SMALL_LOOPS_TO_SHRINK = 2;

    /** Null until the first {@link #reset}; kept for {@link ChannelConfig#isAutoRead()}, as Netty's handles do. */
    private @Nullable ChannelConfig config;
    private int attemptedBytesRead;
    private int lastBytesRead;
    /** Bytes read in this loop, saturating at {@link Integer#MAX_VALUE}. */
    private int totalBytesRead;
    /** Reads this loop may still make before {@link #continueReading} says no. */
    private short readsLeft;
    /** The guess is {@code 1 << shift}. */
    private byte shift = INITIAL_SHIFT;
    /** Consecutive loops that used less than half the guess, or {@link #FILLED}. */
    private byte smallLoops;

    @Override
    public ByteBuf allocate(ByteBufAllocator alloc) {
      return alloc.ioBuffer(guess());
    }

    @Override
    public int guess() {
      return 1 << shift;
    }

    @Override
    public void reset(ChannelConfig config) {
      this.config = config;
      totalBytesRead = 0;
      RecvByteBufAllocator allocator = config.getRecvByteBufAllocator();
      int limit = allocator instanceof MaxMessagesRecvByteBufAllocator m
          ? m.maxMessagesPerRead()
          : DEFAULT_MAX_MESSAGES_PER_READ;
      readsLeft = (short) Math.min(limit, Short.MAX_VALUE);
    }

    @Override
    public void incMessagesRead(int numMessages) {
      readsLeft = (short) Math.max(0, Math.min(readsLeft - numMessages, Short.MAX_VALUE));
    }

    @Override
    public void lastBytesRead(int bytes) {
      lastBytesRead = bytes;
      if (bytes <= 0) {
        return; // 0: nothing there now; negative: end of input
      }
      int total = totalBytesRead + bytes;
      totalBytesRead = total < 0 ? Integer.MAX_VALUE : total;
      if (bytes >= guess()) {
        // Grown now rather than at the end of the loop: the rest of this message comes in the next read.
        shift = (byte) Math.min(shift + GROW_SHIFTS, MAX_SHIFT);
        smallLoops = FILLED;
      }
    }

    @Override
    public int lastBytesRead() {
      return lastBytesRead;
    }

    @Override
    public void attemptedBytesRead(int bytes) {
      attemptedBytesRead = bytes;
    }

    @Override
    public int attemptedBytesRead() {
      return attemptedBytesRead;
    }

    /** Netty's maybe-more-data test, inline: the last read filled all it was offered. */
    @Override
    public boolean continueReading() {
      return isAutoRead() && lastBytesRead == attemptedBytesRead && withinLoop();
    }

    @Override
    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
      return isAutoRead() && maybeMoreDataSupplier.get() && withinLoop();
    }

    private boolean isAutoRead() {
      ChannelConfig c = config;
      return c != null && c.isAutoRead();
    }

    /** Reads left in this loop's share, and something read already (a loop that read nothing stops, as Netty's). */
    private boolean withinLoop() {
      return readsLeft > 0 && totalBytesRead > 0;
    }

    @Override
    public void readComplete() {
      if (smallLoops == FILLED) {
        smallLoops = 0;
      } else if (shift > MIN_SHIFT && totalBytesRead < guess() >>> 1) {
        if (++smallLoops >= SMALL_LOOPS_TO_SHRINK) {
          shift--;
          smallLoops = 0;
        }
      } else {
        smallLoops = 0;
      }
    }
  }
}
