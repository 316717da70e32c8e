package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Bad input is logged once, at one layer: one line at INFO or above per bad connection or request. */
class LoggedOnceTest extends ServiceTestSupport {
  /** ASP.NET Core's text (detailed errors on) for a client whose message cannot be read. */
  private static final String INVALID_DATA = "Connection closed with an error. InvalidDataException: ";

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger hubbub = (Logger) LoggerFactory.getLogger("dev.hubbub");

  @BeforeEach
  void capture() throws Exception {
    appender.start();
    hubbub.addAppender(appender);
    start();
  }

  @AfterEach
  void release() {
    hubbub.detachAppender(appender);
  }

  private List<String> linesAbout(String text) {
    synchronized (appender) {
      return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
          .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).toList();
    }
  }

  @Test
  void malformedMessageIsOneWarning() throws Exception {
    RawSignalRClient bad = json("chat");
    bad.sendText("{\"type\":1,\"target\":" + RS);
    bad.awaitClosed();
    assertStillReceives(json("chat"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !linesAbout(bad.connectionId).isEmpty());
    assertThat(linesAbout(bad.connectionId)).hasSize(1).first().asString()
        .startsWith("Closing client " + bad.connectionId + " of hub 'chat': " + INVALID_DATA);
  }

  @Test
  void refusedHandshakeIsOneWarning() throws Exception {
    RawSignalRClient bad = opened("chat", false);
    bad.sendText("{\"protocol\":\"xml\",\"version\":1}" + RS);
    bad.awaitClosed();
    assertStillReceives(json("chat"));
    assertThat(linesAbout(bad.connectionId)).containsExactly("Client " + bad.connectionId
        + " of hub 'chat' failed its handshake: The protocol 'xml' is not supported.");
  }

  @Test
  void badRestBodyIsOneLine() throws Exception {
    rest.post("/api/hubs/chat/groups/g/:send", "[not json");
    assertThat(linesAbout("/api/hubs/chat/groups/g/:send")).hasSize(1).first().asString()
        .startsWith("POST /api/hubs/chat/groups/g/:send answered 400: The request body is not valid JSON");
  }
}
