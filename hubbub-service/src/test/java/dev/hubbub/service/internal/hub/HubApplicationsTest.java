package dev.hubbub.service.internal.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.TransportApplication;
import org.junit.jupiter.api.Test;

/** The connections of a hub share its application, up to a bound on how many hubs are remembered. */
class HubApplicationsTest {
  /** Any handler: the applications only carry it. */
  private static final ConnectionHandler HANDLER = new RejectedHubHandler();

  @Test
  void aHubHasOneApplicationKeyedByItsLowerCasedNameHoweverItIsSpelled() {
    HubApplications apps = new HubApplications(HANDLER, 8);
    TransportApplication chat = apps.of("chat");
    assertThat(chat.key()).isEqualTo("chat");
    assertThat(chat.handler()).isSameAs(HANDLER);
    assertThat(apps.of("chat")).isSameAs(chat);
    assertThat(apps.of("Chat")).isSameAs(chat);
    assertThat(apps.of("CHAT")).isSameAs(chat);
    assertThat(apps.of("news")).isNotSameAs(chat).extracting(TransportApplication::key).isEqualTo("news");
    assertThat(apps.remembered()).isEqualTo(2);
  }

  @Test
  void pastTheBoundEachConnectionGetsItsOwnApplicationAndNothingMoreIsRemembered() {
    HubApplications apps = new HubApplications(HANDLER, 2);
    TransportApplication a = apps.of("a");
    apps.of("b");
    TransportApplication c1 = apps.of("C");
    TransportApplication c2 = apps.of("c");
    assertThat(c1).isNotSameAs(c2).isEqualTo(c2);
    assertThat(c1.key()).isEqualTo("c");
    assertThat(apps.remembered()).isEqualTo(2);
    assertThat(apps.of("A")).isSameAs(a);
    for (int i = 0; i < 100; i++) {
      apps.of("hub" + i);
    }
    assertThat(apps.remembered()).isEqualTo(2);
  }

  @Test
  void aBoundOfZeroRemembersNothingAndANegativeOneIsRefused() {
    HubApplications none = new HubApplications(HANDLER, 0);
    assertThat(none.of("chat")).isNotSameAs(none.of("chat")).isEqualTo(none.of("chat"));
    assertThat(none.remembered()).isZero();
    assertThatThrownBy(() -> new HubApplications(HANDLER, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max must be 0 or more, was -1");
  }
}
