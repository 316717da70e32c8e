package dev.hubbub.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handle driven as a channel's read loop drives it, against a real channel's config. */
class LeanRecvByteBufAllocatorTest {
  private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
  private final LeanRecvByteBufAllocator allocator = new LeanRecvByteBufAllocator();
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final ChannelConfig config = channel.config();
  private final RecvByteBufAllocator.ExtendedHandle handle = newHandle();

  @BeforeEach
  void useTheAllocator() {
    config.setRecvByteBufAllocator(allocator);
  }

  @AfterEach
  void tearDown() {
    channel.finishAndReleaseAll();
  }

  private RecvByteBufAllocator.ExtendedHandle newHandle() {
    return allocator.newHandle();
  }

  /**
   * One read: a buffer of the guess, of which the socket fills {@code bytes} (capped at its size). Returns whether
   * the loop would go on.
   */
  private boolean read(int bytes) {
    ByteBuf buf = handle.allocate(alloc);
    try {
      handle.attemptedBytesRead(buf.writableBytes());
      handle.lastBytesRead(Math.min(bytes, buf.writableBytes()));
      handle.incMessagesRead(1);
      return handle.continueReading();
    } finally {
      buf.release();
    }
  }

  /** A whole read loop, as NIO and epoll run it: reads until the handle says stop, then read-complete. */
  private void loop(int... reads) {
    handle.reset(config);
    for (int bytes : reads) {
      if (!read(bytes)) {
        break;
      }
    }
    handle.readComplete();
  }

  @Test
  void firstGuessIs2048AndTheBufferComesFromTheGivenAllocator() {
    assertThat(handle.guess()).isEqualTo(2048);
    ByteBuf buf = handle.allocate(alloc);
    try {
      assertThat(buf.capacity()).isEqualTo(2048);
      assertThat(buf.alloc()).isSameAs(alloc);
    } finally {
      buf.release();
    }
  }

  @Test
  void aReadThatFillsTheGuessGrowsItAtOnceWithinTheLoop() {
    handle.reset(config);
    assertThat(read(2048)).isTrue();
    assertThat(handle.guess()).isEqualTo(8192);
    assertThat(read(8192)).isTrue();
    assertThat(handle.guess()).isEqualTo(32768);
    assertThat(read(100)).isFalse();
    handle.readComplete();
    assertThat(handle.guess()).isEqualTo(32768);
  }

  @Test
  void aMegabyteGrowsTheGuessToTheMaximumAndNoFurther() {
    handle.reset(config);
    int reads = 0;
    int left = 1 << 20;
    while (left > 0) {
      int guess = handle.guess();
      reads++;
      boolean more = read(left);
      left -= Math.min(left, guess);
      if (!more) {
        break;
      }
    }
    handle.readComplete();
    assertThat(handle.guess()).isEqualTo(65536);
    // 2048 + 8192 + 32768, then 65536 a read: the 16 reads of one loop take most of a megabyte.
    assertThat(reads).isEqualTo(16);
    loop(65536, 65536, 0);
    assertThat(handle.guess()).isEqualTo(65536);
  }

  @Test
  void shrinksOnlyAfterTwoConsecutiveLoopsUnderHalfTheGuess() {
    loop(100);
    assertThat(handle.guess()).isEqualTo(2048);
    loop(1024); // half: not small, and the vote so far is cleared
    assertThat(handle.guess()).isEqualTo(2048);
    loop(100);
    assertThat(handle.guess()).isEqualTo(2048);
    loop(1023);
    assertThat(handle.guess()).isEqualTo(1024);
    loop(100);
    assertThat(handle.guess()).isEqualTo(1024);
    loop(100);
    assertThat(handle.guess()).isEqualTo(512);
  }

  @Test
  void aLoopWithAFilledReadClearsTheVoteToShrink() {
    loop(2048, 100); // grows to 8192; 2148 is under half of that, but this loop filled a buffer
    assertThat(handle.guess()).isEqualTo(8192);
    loop(100);
    assertThat(handle.guess()).isEqualTo(8192);
    loop(8192, 0); // a large message between small ones
    assertThat(handle.guess()).isEqualTo(32768);
    loop(100);
    assertThat(handle.guess()).isEqualTo(32768);
    loop(100);
    assertThat(handle.guess()).isEqualTo(16384);
  }

  @Test
  void smallLoopsShrinkTheGuessToTheMinimumAndNoFurther() {
    for (int i = 0; i < 40; i++) {
      loop(1);
    }
    assertThat(handle.guess()).isEqualTo(64);
    ByteBuf buf = handle.allocate(alloc);
    try {
      assertThat(buf.capacity()).isEqualTo(64);
    } finally {
      buf.release();
    }
    loop(64, 0);
    assertThat(handle.guess()).isEqualTo(256);
  }

  @Test
  void readingStopsWhenTheLastReadDidNotFillItsBuffer() {
    handle.reset(config);
    assertThat(read(2048)).isTrue();
    assertThat(read(10)).isFalse();
  }

  @Test
  void readingStopsWhenNothingWasReadInTheLoop() {
    handle.reset(config);
    handle.attemptedBytesRead(2048);
    handle.lastBytesRead(0);
    assertThat(handle.continueReading(() -> true)).isFalse();
    handle.lastBytesRead(-1);
    assertThat(handle.continueReading(() -> true)).isFalse();
  }

  @Test
  void theCallersMaybeMoreDataDecidesOverTheLastRead() {
    handle.reset(config);
    assertThat(read(10)).isFalse();
    assertThat(handle.continueReading(() -> true)).isTrue();
    assertThat(read(2048 * 4)).isTrue();
    assertThat(handle.continueReading(() -> false)).isFalse();
  }

  @Test
  void readingStopsWhenAutoReadIsOff() {
    handle.reset(config);
    assertThat(read(2048)).isTrue();
    config.setAutoRead(false);
    assertThat(handle.continueReading()).isFalse();
    assertThat(handle.continueReading(() -> true)).isFalse();
  }

  @Test
  void aLoopStopsAfterSixteenReadsAndTheNextLoopStartsAfresh() {
    assertThat(allocator.maxMessagesPerRead()).isEqualTo(16);
    handle.reset(config);
    for (int i = 1; i < 16; i++) {
      assertThat(read(handle.guess())).as("read %d", i).isTrue();
    }
    assertThat(read(handle.guess())).isFalse();
    handle.readComplete();
    handle.reset(config);
    assertThat(read(handle.guess())).isTrue();
  }

  @Test
  @SuppressWarnings("deprecation") // the option Netty deprecates is how a channel's config reaches the allocator
  void theLimitIsTheAllocatorsForAllItsHandlesFromTheirNextLoop() {
    RecvByteBufAllocator.ExtendedHandle other = newHandle();
    config.setOption(ChannelOption.MAX_MESSAGES_PER_READ, 2);
    assertThat(allocator.maxMessagesPerRead()).isEqualTo(2);
    assertThat(config.getOption(ChannelOption.MAX_MESSAGES_PER_READ)).isEqualTo(2);
    handle.reset(config);
    assertThat(read(2048)).isTrue();
    assertThat(read(8192)).isFalse();

    other.reset(config);
    other.attemptedBytesRead(100);
    other.lastBytesRead(100);
    other.incMessagesRead(2);
    assertThat(other.continueReading()).isFalse();

    assertThatThrownBy(() -> allocator.maxMessagesPerRead(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
