package dev.hubbub.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepListTest {
  static final class Item implements SweepList.Member {
    final int n;
    int slot = -1;

    Item(int n) {
      this.n = n;
    }

    @Override
    public int sweepSlot() {
      return slot;
    }

    @Override
    public void sweepSlot(int slot) {
      this.slot = slot;
    }
  }

  private static List<Integer> visit(SweepList<Item> list) {
    List<Integer> seen = new ArrayList<>();
    list.forEach(i -> seen.add(i.n));
    return seen;
  }

  @Test
  void addingTwiceAndRemovingWhatIsNotInChangeNothing() {
    SweepList<Item> list = new SweepList<>();
    Item a = new Item(1);
    Item b = new Item(2);
    list.add(a);
    list.add(a);
    list.remove(b);
    assertThat(list.size()).isEqualTo(1);
    list.remove(a);
    list.remove(a);
    assertThat(list.size()).isZero();
    assertThat(a.slot).isEqualTo(-1);
  }

  @Test
  void membersLeavingDuringTheWalkAreNotVisitedAgainAndTheRestAreVisitedOnce() {
    SweepList<Item> list = new SweepList<>();
    List<Item> items = new ArrayList<>();
    for (int n = 0; n < 100; n++) {
      Item i = new Item(n);
      items.add(i);
      list.add(i);
    }
    List<Integer> seen = new ArrayList<>();
    list.forEach(i -> {
      seen.add(i.n);
      if (i.n % 3 == 0) {
        list.remove(i); // leaves during its own tick, as a connection that closes there does
      }
    });
    assertThat(seen).hasSize(100).doesNotHaveDuplicates();
    assertThat(visit(list)).hasSize(66).allMatch(n -> n % 3 != 0);
    for (Item i : items) {
      list.remove(i);
    }
    assertThat(list.size()).isZero();
  }

  @Test
  void theArrayGrowsAndShrinksBackAfterABurst() {
    SweepList<Item> list = new SweepList<>();
    List<Item> items = new ArrayList<>();
    for (int n = 0; n < 10_000; n++) {
      Item i = new Item(n);
      items.add(i);
      list.add(i);
    }
    assertThat(list.capacity()).isEqualTo(16_384);
    for (Item i : items.subList(5, items.size())) {
      list.remove(i);
    }
    assertThat(list.capacity()).isEqualTo(16);
    assertThat(visit(list)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    for (Item i : items.subList(0, 5)) {
      assertThat(list.size()).isPositive();
      list.remove(i);
    }
    assertThat(visit(list)).isEmpty();
  }
}
