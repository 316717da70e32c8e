package dev.hubbub.test.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same scenario, on the same hub, with the official {@code @microsoft/signalr} client under Node and with the
 * Java test client: results, errors, stream items, messages per target at each step, every message in arrival
 * order across targets, and how the connection ended must be the same. Every transport and protocol, on the hub
 * server self-hosted and behind the service.
 *
 * <p>Not compared: what a client sends back when its client-result handler throws (the official client sends
 * {@code Error: <message>}, this one the message alone), and invocations the client has no handler for (the
 * official client does not record them).
 */
class OfficialClientComparisonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HANDLED = Set.of("told", "message", "groupMessage", "getName");
  /** JSON numbers compare by value: the official client has no integers (1 and 1.0 are the same number). */
  private static final Comparator<JsonNode> VALUES = (a, b) -> a.isNumber() && b.isNumber()
      ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;

  static Stream<Arguments> cases() {
    return Stream.of(Hosting.values()).flatMap(h -> Combinations.ALL.stream().map(c -> Arguments.of(h, c[0], c[1])));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void theJavaClientSeesWhatTheOfficialClientSees(Hosting hosting, TransportType transport, Protocol protocol)
      throws Exception {
    try (Hosting.Running server = hosting.start()) {
      JsonNode official = OfficialClient.run(server.hubUrl(), transport, protocol);
      JsonNode java = runJava(server.hubUrl(), transport, protocol);

      assertThat(official.path("steps").size()).as("steps of the official client").isEqualTo(21);
      assertThat(official.at("/steps/0/result").asText()).isEqualTo("hi");
      assertThat(official.at("/steps/4/error").asText())
          .isEqualTo("An unexpected error occurred invoking 'fail' on the server. HubException: boom");
      assertThat(official.at("/steps/17/result").asInt()).isEqualTo(42);
      assertThat(official.at("/steps/19/result").asText()).isEqualTo("error: Client didn't provide a result.");
      assertThat(official.path("arrivals")).extracting(a -> a.path("target").asText())
          .containsExactly("told", "told", "groupMessage", "message", "getName");
      if (!official.equals(VALUES, java)) {
        throw new AssertionError("The clients saw different things.\nofficial: "
            + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(official) + "\njava:     "
            + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(java));
      }
    }
  }

  /** The Node script's scenario, step for step. */
  private static JsonNode runJava(String url, TransportType transport, Protocol protocol) throws Exception {
    ArrayNode steps = JSON.createArrayNode();
    try (HubTestClient client = HubTestClient.create(url, o -> o.transport(transport).protocol(protocol))) {
      client.onInvocation("getName", m -> "tester").start();
      invoke(client, steps, "echo", "hi");
      invoke(client, steps, "add", 2, 3);
      invoke(client, steps, "mirror", Map.of("x", 1, "y", 2, "label", "p"));
      invoke(client, steps, "nothing");
      invoke(client, steps, "fail", "boom");
      invoke(client, steps, "failHidden");
      invoke(client, steps, "noSuchMethod");
      invoke(client, steps, "echo", "a", "b");
      client.send("tell", "one");
      invoke(client, steps, "tell", "two");
      take(client, steps, "told", 2);
      invoke(client, steps, "join", "room");
      invoke(client, steps, "sendToGroup", "room", "hello room");
      invoke(client, steps, "broadcast", "to all");
      take(client, steps, "groupMessage", 1);
      take(client, steps, "message", 1);
      stream(client, steps, "counter", 3);
      stream(client, steps, "failingCounter", 2);
      UploadStream<Integer> numbers = UploadStream.create();
      CompletableFuture<Object> sum = client.invokeAsync(Object.class, "sum", numbers);
      numbers.send(1);
      numbers.send(2);
      numbers.send(39);
      numbers.complete();
      steps.addObject().put("invoke", "sum").putPOJO("result", sum.get());
      invoke(client, steps, "askName");
      invoke(client, steps, "ask", "unhandled");
      client.send("closeMe");
      Throwable closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED).error();
      steps.addObject().put("closed", closed == null ? null : closed.getMessage());

      ArrayNode arrivals = JSON.createArrayNode();
      for (ReceivedMessage m : client.received().recorded()) {
        if (HANDLED.contains(m.target())) {
          arrivals.addObject().put("target", m.target()).set("args", JSON.valueToTree(m.arguments()));
        }
      }
      ObjectNode all = JSON.createObjectNode();
      all.set("steps", JSON.valueToTree(steps));
      all.set("arrivals", arrivals);
      return JSON.readTree(JSON.writeValueAsString(all));
    }
  }

  private static void invoke(HubTestClient client, ArrayNode steps, String method, Object... args) {
    ObjectNode step = steps.addObject().put("invoke", method);
    try {
      step.set("result", JSON.valueToTree(client.invoke(Object.class, method, args)));
    } catch (HubInvocationException e) {
      step.put("error", e.serverError());
    }
  }

  private static void take(HubTestClient client, ArrayNode steps, String target, int count) {
    List<List<Object>> messages = client.on(target).awaitNext(count).stream().map(ReceivedMessage::arguments).toList();
    steps.addObject().put("on", target).set("messages", JSON.valueToTree(messages));
  }

  private static void stream(HubTestClient client, ArrayNode steps, String method, Object... args) {
    ServerStream<Object> stream = client.stream(Object.class, method, args);
    ObjectNode step = steps.addObject().put("stream", method);
    try {
      step.set("items", JSON.valueToTree(stream.awaitCompletion()));
    } catch (HubInvocationException e) {
      step.set("items", JSON.valueToTree(stream.items()));
      step.put("error", e.serverError());
    }
  }
}
