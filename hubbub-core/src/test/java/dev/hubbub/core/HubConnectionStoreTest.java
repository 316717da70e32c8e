package dev.hubbub.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.core.spi.SendTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class HubConnectionStoreTest {
  /** A session whose channel goes nowhere: the store only reads ids and users. */
  static final class Conn extends HubSession {
    Conn(String connectionId, @Nullable String userId) {
      super(NoChannel.INSTANCE, connectionId, userId, java.util.Map.of());
    }
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  private final MutableClock clock = new MutableClock();
  private final HubConnectionStore hub = new HubConnectionStore("Chat", clock);
  private final Conn a1 = new Conn("a1", "alice");
  private final Conn a2 = new Conn("a2", "alice");
  private final Conn b1 = new Conn("b1", "bob");
  private final Conn anon = new Conn("x", null);

  private List<String> group(String g, String... excluded) {
    List<String> ids = new ArrayList<>();
    hub.forEachInGroup(g, List.of(excluded), c -> ids.add(c.connectionId()));
    return ids;
  }

  private List<String> sendTo(SendTarget target) {
    List<String> ids = new ArrayList<>();
    hub.forEach(target, c -> ids.add(c.connectionId()));
    return ids;
  }

  @Test
  void sendsReachEveryoneButTheExcludedWithOrWithoutExclusions() {
    hub.add(a1); hub.add(a2); hub.add(b1); hub.add(anon);
    assertThat(sendTo(new SendTarget.All(Set.of())))
        .containsExactlyInAnyOrder("a1", "a2", "b1", "x");
    assertThat(sendTo(new SendTarget.All(Set.of("a2", "x"))))
        .containsExactlyInAnyOrder("a1", "b1");
    assertThat(sendTo(new SendTarget.Users(Set.of("alice", "bob"), Set.of())))
        .containsExactlyInAnyOrder("a1", "a2", "b1");
    assertThat(sendTo(new SendTarget.Users(Set.of("alice"), Set.of("a1"))))
        .containsExactly("a2");
    hub.addToGroup("a1", "g"); hub.addToGroup("b1", "g"); hub.addToGroup("x", "g");
    assertThat(sendTo(new SendTarget.Groups(Set.of("g"), Set.of(),
        Set.of()))).containsExactlyInAnyOrder("a1", "b1", "x");
    assertThat(sendTo(new SendTarget.Groups(Set.of("g"), Set.of("x"),
        Set.of("bob")))).containsExactly("a1");
  }

  @Test
  void aSendToAllReachesWhatWasAddedBeforeItAndNotWhatWasRemoved() {
    hub.add(a1);
    SendTarget.All all = new SendTarget.All(Set.of());
    assertThat(sendTo(all)).containsExactly("a1");
    assertThat(sendTo(all)).as("again, nothing changed").containsExactly("a1");
    hub.add(a2);
    assertThat(sendTo(all)).containsExactlyInAnyOrder("a1", "a2");
    hub.remove(a1);
    assertThat(sendTo(all)).containsExactly("a2");
    hub.remove(a2);
    assertThat(sendTo(all)).isEmpty();
    hub.add(b1);
    assertThat(sendTo(new SendTarget.All(Set.of("b1")))).isEmpty();
    assertThat(sendTo(all)).containsExactly("b1");
  }

  @Test
  void aSendToAllWhileOthersComeAndGoReachesEveryConnectionAddedBeforeItOnce() throws Exception {
    SendTarget.All all = new SendTarget.All(Set.of());
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Thread churn = new Thread(() -> {
      int i = 0;
      Conn previous = null;
      while (!done.get()) {
        Conn c = new Conn("churn-" + i++, i % 3 == 0 ? "carol" : null);
        hub.add(c);
        if (previous != null) {
          hub.remove(previous);
        }
        previous = c;
      }
    }, "churn");
    churn.start();
    try {
      List<String> stable = new ArrayList<>();
      for (int k = 0; k < 1_000; k++) {
        Conn c = new Conn("stable-" + k, null);
        hub.add(c);
        stable.add(c.connectionId());
        List<String> reached = sendTo(all);
        assertThat(reached).as("no connection twice").doesNotHaveDuplicates();
        assertThat(new java.util.HashSet<>(reached)).as("every connection added before the send").containsAll(stable);
        if (k % 10 == 9) {
          // one that leaves before the send is not reached
          Conn gone = new Conn("gone-" + k, null);
          hub.add(gone);
          hub.remove(gone);
          assertThat(sendTo(all)).doesNotContain(gone.connectionId());
        }
      }
    } finally {
      done.set(true);
      churn.join(10_000);
    }
  }

  @Test
  void connectionsAndUsers() {
    hub.add(a1); hub.add(a2); hub.add(b1); hub.add(anon);
    assertThat(hub.size()).isEqualTo(4);
    assertThat(hub.userConnections("alice")).containsExactlyInAnyOrder(a1, a2);
    hub.remove(a1);
    assertThat(hub.userConnections("alice")).containsExactly(a2);
    hub.remove(a2);
    assertThat(hub.userConnections("alice")).isEmpty();
    assertThat(hub.connection("b1")).isSameAs(b1);
  }

  @Test
  void directGroupMembershipEndsWithTheConnection() {
    hub.add(a1); hub.add(b1);
    assertThat(hub.addToGroup("a1", "g")).isTrue();
    assertThat(hub.addToGroup("nope", "g")).isFalse();
    hub.addToGroup("b1", "g");
    assertThat(group("g")).containsExactlyInAnyOrder("a1", "b1");
    assertThat(group("g", "b1")).containsExactly("a1");
    hub.remove(a1);
    assertThat(group("g")).containsExactly("b1");
    assertThat(hub.removeFromGroup("b1", "g")).isTrue();
    assertThat(hub.removeFromGroup("b1", "g")).isFalse();
    assertThat(hub.groupHasConnections("g")).isFalse();
  }

  @Test
  void userMembershipCoversLaterConnectionsUntilItExpires() {
    hub.add(a1);
    hub.addUserToGroup("alice", "g", 60);
    hub.add(a2);
    assertThat(group("g")).containsExactlyInAnyOrder("a1", "a2");
    assertThat(hub.isUserInGroup("alice", "g")).isTrue();
    clock.now = clock.now.plus(Duration.ofSeconds(61));
    assertThat(group("g")).isEmpty();
    assertThat(hub.isUserInGroup("alice", "g")).isFalse();
  }

  @Test
  void ttlZeroAddsOnlyCurrentConnections() {
    hub.add(a1);
    hub.addUserToGroup("alice", "g", 0);
    hub.add(a2);
    assertThat(group("g")).containsExactly("a1");
    assertThat(hub.isUserInGroup("alice", "g")).isTrue();
  }

  @Test
  void aConnectionInTheGroupTwiceIsSentToOnce() {
    hub.add(a1);
    hub.addToGroup("a1", "g");
    hub.addUserToGroup("alice", "g", null);
    assertThat(group("g")).containsExactly("a1");
  }

  @Test
  void removingAUserRemovesTheirDirectMembershipsToo() {
    hub.add(a1); hub.add(b1);
    hub.addToGroup("a1", "g");
    hub.addUserToGroup("alice", "h", null);
    hub.addToGroup("b1", "g");
    hub.removeUserFromGroup("alice", "g");
    assertThat(group("g")).containsExactly("b1");
    assertThat(group("h")).containsExactly("a1");
    hub.removeUserFromAllGroups("alice");
    assertThat(group("h")).isEmpty();
    assertThat(hub.isUserInGroup("alice", "h")).isFalse();
  }

  @Test
  void aUserKeepsAtMostOneHundredPermanentGroups() {
    for (int i = 0; i < HubConnectionStore.MAX_PERMANENT_GROUPS + 5; i++) {
      hub.addUserToGroup("alice", "g" + i, null);
    }
    assertThat(hub.isUserInGroup("alice", "g0")).isFalse();
    assertThat(hub.isUserInGroup("alice", "g4")).isFalse();
    assertThat(hub.isUserInGroup("alice", "g5")).isTrue();
    assertThat(hub.isUserInGroup("alice", "g104")).isTrue();
  }
}
