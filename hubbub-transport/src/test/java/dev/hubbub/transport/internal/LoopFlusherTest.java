package dev.hubbub.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When the next flush pass may start: at once after short passes, after a pause as long as a busy one. */
class LoopFlusherTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void aShortPassIsFollowedAtOnce() {
    assertThat(LoopFlusher.notBefore(1_000 * MS, MS / 2, 20 * MS)).isEqualTo(1_000 * MS);
  }

  @Test
  void aBusyPassIsFollowedByAPauseAsLongAsItTookUpToTheMaximum() {
    assertThat(LoopFlusher.notBefore(1_000 * MS, 5 * MS, 20 * MS)).isEqualTo(1_005 * MS);
    assertThat(LoopFlusher.notBefore(1_000 * MS, 50 * MS, 20 * MS)).isEqualTo(1_020 * MS);
  }

  @Test
  void noDelayMeansNoPause() {
    assertThat(LoopFlusher.notBefore(1_000 * MS, 50 * MS, 0)).isEqualTo(1_000 * MS);
  }
}
