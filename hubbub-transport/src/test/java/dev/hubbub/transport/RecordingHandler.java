package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Records every callback as text ({@code connected}, {@code data:<utf8>}, {@code closed:<error>},
 * ...) and checks that each runs on the connection's event loop. Echoes data back when asked.
 */
final class RecordingHandler implements ConnectionHandler {
  final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  final List<TransportConnection> connections = new CopyOnWriteArrayList<>();
  final List<String> violations = new CopyOnWriteArrayList<>();
  final BlockingQueue<Throwable> closeErrors = new LinkedBlockingQueue<>();
  volatile boolean echo;
  volatile boolean pauseOnData;

  RecordingHandler echo() {
    echo = true;
    return this;
  }

  private void check(TransportConnection c, String callback) {
    if (!c.eventLoop().inEventLoop()) {
      violations.add(callback + " ran on " + Thread.currentThread().getName());
    }
  }

  @Override
  public void onConnected(TransportConnection c) {
    check(c, "onConnected");
    connections.add(c);
    events.add("connected");
  }

  @Override
  public void onData(TransportConnection c, ByteBuf data) {
    check(c, "onData");
    events.add("data:" + data.toString(UTF_8));
    if (pauseOnData) {
      c.pauseReading();
    }
    if (echo) {
      c.write(data);
    }
  }

  @Override
  public void onClosed(TransportConnection c, @Nullable Throwable error) {
    check(c, "onClosed");
    if (error != null) {
      closeErrors.add(error);
    }
    events.add("closed:" + (error == null ? "" : error.getClass().getSimpleName()));
  }

  @Override
  public void onDisconnected(TransportConnection c) {
    check(c, "onDisconnected");
    events.add("disconnected");
  }

  @Override
  public void onReconnected(TransportConnection c) {
    check(c, "onReconnected");
    events.add("reconnected");
  }

  /** The next event, failing after 5 s. */
  String take() throws InterruptedException {
    String e = events.poll(10, TimeUnit.SECONDS);
    assertThat(e).as("an event within 10 s").isNotNull();
    return e;
  }

  TransportConnection connection(int i) {
    return connections.get(i);
  }

  void assertClean() {
    assertThat(violations).as("callbacks off the connection's event loop").isEmpty();
  }
}
