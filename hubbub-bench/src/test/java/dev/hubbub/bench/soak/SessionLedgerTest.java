package dev.hubbub.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The soak's delivery check, arrival by arrival. */
class SessionLedgerTest {
  private final SessionLedger ledger = new SessionLedger();

  private SoakCounts counts() {
    SoakCounts c = new SoakCounts();
    ledger.drainCounts(c);
    return c;
  }

  @Test
  void expectedArrivalsInOrderAreCheckedWithTheirLatency() {
    ledger.expect("a", 0, 100);
    ledger.expect("a", 1, 200);
    assertThat(ledger.arrived("a", 0, 100, 150)).isEqualTo(50);
    assertThat(ledger.arrived("a", 1, 200, 260)).isEqualTo(60);
    SoakCounts c = counts();
    assertThat(c.delivered).isEqualTo(2);
    assertThat(c.clean()).isTrue();
    assertThat(ledger.outstanding()).isZero();
  }

  @Test
  void aSecondArrivalIsADuplicate() {
    ledger.expect("a", 0, 100);
    ledger.arrived("a", 0, 100, 150);
    assertThat(ledger.arrived("a", 0, 100, 160)).isEqualTo(-1);
    assertThat(counts().duplicated).isEqualTo(1);
  }

  @Test
  void anArrivalBehindALaterOneOfTheSameSenderIsOutOfOrder() {
    ledger.expect("a", 0, 100);
    ledger.expect("a", 1, 110);
    ledger.expect("b", 0, 120);
    ledger.arrived("a", 1, 110, 150);
    ledger.arrived("b", 0, 120, 155); // another sender does not count
    ledger.arrived("a", 0, 100, 160);
    SoakCounts c = counts();
    assertThat(c.delivered).isEqualTo(3);
    assertThat(c.outOfOrder).isEqualTo(1);
  }

  @Test
  void whatIsMissingAfterTheLossTimeoutIsLost() {
    ledger.expect("a", 0, 100);
    ledger.expect("a", 1, 200);
    ledger.expect("a", 2, 300);
    ledger.arrived("a", 1, 200, 250);
    ledger.sweep(250); // sent before 250 and missing: seq 0
    SoakCounts c = counts();
    assertThat(c.lost).isEqualTo(1);
    assertThat(c.outOfOrder).isZero();
    assertThat(ledger.outstanding()).isEqualTo(1);
    ledger.sweepAll();
    assertThat(counts().lost).isEqualTo(1);
  }

  @Test
  void aLeavingConnectionTakesNoNewExpectationsButKeepsItsOwn() {
    ledger.expect("a", 0, 100);
    ledger.stopExpecting();
    assertThat(ledger.expect("a", 1, 200)).isFalse();
    ledger.arrived("a", 1, 200, 250); // sent while it was leaving: not checked
    assertThat(ledger.outstanding()).isEqualTo(1);
    SoakCounts c = counts();
    assertThat(c.unexpected).isEqualTo(1);
    assertThat(c.clean()).isTrue();
  }

  @Test
  void aWithdrawnExpectationIsNotLost() {
    ledger.expect("a", 0, 100);
    ledger.withdraw("a", 0);
    ledger.sweepAll();
    assertThat(counts().lost).isZero();
  }
}
