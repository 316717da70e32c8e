package dev.hubbub.test.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.ProtocolException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The stateful-reconnect bookkeeping on its own: ids, the byte bound, Acks, Sequence and duplicates. */
class StatefulBufferTest {

  @Test
  void sentMessagesAreKeptUntilAcknowledgedAndHeldPastTheBound() {
    StatefulBuffer buffer = new StatefulBuffer(10);
    assertThat(buffer.admit(new byte[4])).isTrue();   // id 1
    assertThat(buffer.admit(new byte[6])).isTrue();   // id 2: 10 bytes now, the bound
    assertThat(buffer.admit(new byte[1])).isFalse();
    CompletableFuture<Void> held = new CompletableFuture<>();
    buffer.hold(new byte[1], held);
    assertThat(buffer.admit(new byte[1])).as("behind a held message").isFalse();
    assertThat(buffer.firstUnacked()).isEqualTo(1);

    assertThat(buffer.ack(1)).extracting(StatefulBuffer.Held::done).containsExactly(held); // becomes id 3
    assertThat(buffer.firstUnacked()).isEqualTo(2);
    assertThat(buffer.unackedMessages()).hasSize(2);

    assertThat(buffer.ack(3)).isEmpty();
    assertThat(buffer.unackedMessages()).isEmpty();
    assertThat(buffer.firstUnacked()).as("the next id").isEqualTo(4);
  }

  @Test
  void afterADropNothingIsTakenBeforeTheSequenceAndDuplicatesAreSkipped() throws Exception {
    StatefulBuffer buffer = new StatefulBuffer(100);
    assertThat(buffer.accept()).isTrue();  // 1
    assertThat(buffer.accept()).isTrue();  // 2
    assertThat(buffer.accept()).isTrue();  // 3
    assertThat(buffer.ackDue()).isEqualTo(3);
    assertThat(buffer.ackDue()).as("nothing new").isEqualTo(-1);

    buffer.disconnected();
    assertThat(buffer.accept()).as("before the Sequence").isFalse();
    buffer.sequence(2);                    // the server replays from 2
    assertThat(buffer.accept()).as("2 again").isFalse();
    assertThat(buffer.accept()).as("3 again").isFalse();
    assertThat(buffer.accept()).as("4 is new").isTrue();
    assertThat(buffer.ackDue()).isEqualTo(4);
  }

  @Test
  void aSequenceBeyondWhatArrivedIsAProtocolError() {
    StatefulBuffer buffer = new StatefulBuffer(100);
    buffer.accept();
    buffer.disconnected();
    assertThatThrownBy(() -> buffer.sequence(3)).isInstanceOf(ProtocolException.class)
        .hasMessage("Sequence ID greater than amount of messages we've received (Sequence 3, received 1).");
  }
}
