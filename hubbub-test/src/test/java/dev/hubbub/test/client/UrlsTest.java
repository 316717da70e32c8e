package dev.hubbub.test.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.test.client.internal.Urls;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** URL arithmetic of negotiate and the transports, and what URLs look like in messages. */
class UrlsTest {

  @Test
  void negotiateGoesAfterThePathAndBeforeTheQuery() {
    assertThat(Urls.negotiate(URI.create("http://h:1/client/?hub=chat"), false))
        .hasToString("http://h:1/client/negotiate?hub=chat&negotiateVersion=1");
    assertThat(Urls.negotiate(URI.create("http://h:1/chat"), true))
        .hasToString("http://h:1/chat/negotiate?negotiateVersion=1&useStatefulReconnect=true");
    assertThat(Urls.negotiate(URI.create("http://h:1"), false)).hasToString("http://h:1/negotiate?negotiateVersion=1");
  }

  @Test
  void connectionUrlsAndWebSockets() {
    assertThat(Urls.withQuery(URI.create("http://h/client/?hub=chat"), "id", "a+b/c"))
        .hasToString("http://h/client/?hub=chat&id=a%2Bb%2Fc");
    assertThat(Urls.withQuery(URI.create("http://h/chat"), "id", "t")).hasToString("http://h/chat?id=t");
    assertThat(Urls.webSocket(URI.create("https://h/chat?id=t"))).hasToString("wss://h/chat?id=t");
    assertThat(Urls.webSocket(URI.create("http://h/chat"))).hasToString("ws://h/chat");
  }

  @Test
  void tokenLikeQueryValuesAreMasked() {
    assertThat(Urls.redact(URI.create("http://h/chat?id=t&access_token=secret&x=1")))
        .isEqualTo("http://h/chat?id=t&access_token=****&x=1");
    assertThat(Urls.redact(URI.create("http://h/chat?Access_Token=secret"))).isEqualTo("http://h/chat?Access_Token=****");
  }
}
