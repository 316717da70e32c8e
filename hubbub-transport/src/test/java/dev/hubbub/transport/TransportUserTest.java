package dev.hubbub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportUserTest {
  /** A string equal to {@code s} but not the same object, as a token parser makes one per connection. */
  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  @Test
  void usersWithEqualClaimsShareOneCopyOfEachNameAndValue() {
    TransportUser a = new TransportUser("u1", Map.of(fresh("aud"), List.of(fresh("http://h/client/?hub=chat"))));
    TransportUser b = new TransportUser("u2", Map.of(fresh("aud"), List.of(fresh("http://h/client/?hub=chat"))));
    String nameA = a.claims().keySet().iterator().next();
    String nameB = b.claims().keySet().iterator().next();
    assertThat(nameA).isSameAs(nameB).isEqualTo("aud");
    assertThat(a.claims().get("aud").get(0)).isSameAs(b.claims().get("aud").get(0));
    assertThat(a.claims().get("aud")).as("a one-value claim's list").isSameAs(b.claims().get("aud"));
  }

  @Test
  void sharedValueListsStayCorrectPastTheBoundOnHowManyAreRemembered() {
    // three times as many distinct values as are remembered, each seen twice in a row and once much later
    for (int i = 0; i < 3 * 4096; i++) {
      String v = "value-" + i;
      TransportUser a = new TransportUser("u", Map.of("c", List.of(fresh(v))));
      TransportUser b = new TransportUser("u", Map.of("c", List.of(fresh(v))));
      assertThat(a.claims().get("c")).containsExactly(v).isSameAs(b.claims().get("c"));
      assertThatThrownBy(() -> a.claims().get("c").add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(new TransportUser("u", Map.of("c", List.of(fresh("value-7")))).claims().get("c"))
        .containsExactly("value-7");
  }

  @Test
  void theClaimsAreACopyThatCannotBeChanged() {
    Map<String, List<String>> source = new HashMap<>();
    source.put("role", new ArrayList<>(List.of("admin", "user")));
    TransportUser user = new TransportUser("u", source);
    source.get("role").add("root");
    source.put("sub", List.of("x"));
    assertThat(user.claims()).containsOnlyKeys("role");
    assertThat(user.claims().get("role")).containsExactly("admin", "user");
    assertThatThrownBy(() -> user.claims().get("role").add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> user.claims().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aNullValueAnAuthenticatorPutThereIsKept() {
    TransportUser user = new TransportUser("u", Map.of("c", Arrays.asList("a", null)));
    assertThat(user.claims().get("c")).containsExactly("a", null);
    assertThat(new TransportUser(null, Map.of()).claims()).isEmpty();
  }
}
