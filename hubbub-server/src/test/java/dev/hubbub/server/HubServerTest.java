package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.Authenticator;
import dev.hubbub.transport.TransportUser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hub semantics over real WebSockets on loopback, checked frame by frame with a raw JSON client. */
class HubServerTest {
  private static final Authenticator USER_FROM_QUERY = (request, app) -> {
    String user = request.queryParam("user");
    return user == null ? AuthResult.anonymous() : AuthResult.allow(TransportUser.of(user));
  };

  private final List<AutoCloseable> resources = new ArrayList<>();
  private HubServer server;

  @BeforeEach
  void setUp() {
    TestHub.EVENTS.clear();
    TestHub.gate = new CountDownLatch(0);
    server = start(o -> {});
  }

  @AfterEach
  void tearDown() throws Exception {
    TestHub.gate.countDown();
    for (AutoCloseable r : resources) {
      r.close();
    }
  }

  private HubServer start(Consumer<HubOptions.Builder> options) {
    HubServer s = HubServer.builder().hub("/test", TestHub.class).options(options).authenticator(USER_FROM_QUERY).start();
    resources.add(s);
    return s;
  }

  private WsClient client(HubServer s, String query) throws Exception {
    WsClient c = WsClient.connect(s, "/test", query);
    resources.add(0, c);
    return c;
  }

  private WsClient client() throws Exception {
    return client(server, "");
  }

  private static void assertCompletion(JsonNode m, String id, String expectedJson) {
    assertThat(m.toString()).isEqualTo("{\"type\":3,\"invocationId\":\"" + id + "\"" + expectedJson + "}");
  }

  private String nextEvent() throws InterruptedException {
    String e = TestHub.EVENTS.poll(5, TimeUnit.SECONDS);
    assertThat(e).as("an event within 5 s").isNotNull();
    return e;
  }

  @Test
  void invokesByNameIgnoringCaseAndReturnsTheResult() throws Exception {
    WsClient c = client();
    c.invoke("1", "Echo", "[\"hi\"]");
    assertCompletion(c.next(), "1", ",\"result\":\"hi\"");
    c.invoke("2", "ADD", "[2,3]");
    assertCompletion(c.next(), "2", ",\"result\":5");
    c.invoke("3", "length", "[{\"x\":3,\"y\":4}]");
    assertCompletion(c.next(), "3", ",\"result\":25");
  }

  @Test
  void voidOmitsTheResultAndNullIsWrittenAsNull() throws Exception {
    WsClient c = client();
    c.invoke("1", "nothing", "[]");
    assertCompletion(c.next(), "1", "");
    c.invoke("2", "nothingToSay", "[]");
    assertCompletion(c.next(), "2", ",\"result\":null");
    c.invoke("3", "nothingLater", "[]");
    assertCompletion(c.next(), "3", "");
  }

  @Test
  void exceptionsAreHiddenUnlessDetailedOrHubException() throws Exception {
    WsClient c = client();
    c.invoke("1", "throwsPlain", "[]");
    assertCompletion(c.next(), "1", ",\"error\":\"An unexpected error occurred invoking 'throwsPlain' on the server.\"");
    c.invoke("2", "throwsHub", "[]");
    assertCompletion(c.next(), "2", ",\"error\":\"An unexpected error occurred invoking 'throwsHub' on the server. "
        + "HubException: You can see this\"");
    c.invoke("3", "failsLater", "[]");
    assertCompletion(c.next(), "3", ",\"error\":\"An unexpected error occurred invoking 'failsLater' on the server.\"");
  }

  @Test
  void objectPropertiesAreCamelCasedByDefaultAndAsDeclaredOnRequestWithAnnotationsKept() throws Exception {
    WsClient c = client();
    c.invoke("1", "seat", "[{\"row\":\"A\",\"number\":1,\"SEAT_CLASS\":\"first\"}]");
    assertCompletion(c.next(), "1", ",\"result\":{\"row\":\"A!\",\"number\":2,\"SEAT_CLASS\":\"first\"}");

    HubServer declared = HubServer.builder().hub("/test", TestHub.class).namingPolicy(NamingPolicy.AS_DECLARED)
        .start();
    resources.add(declared);
    WsClient d = client(declared, "");
    d.invoke("1", "seat", "[{\"Row\":\"B\",\"Number\":5,\"SEAT_CLASS\":\"coach\"}]");
    assertCompletion(d.next(), "1", ",\"result\":{\"Row\":\"B!\",\"Number\":6,\"SEAT_CLASS\":\"coach\"}");
  }

  @Test
  void dotNetCamelCaseLowerCasesTheLeadingCapitals() {
    com.fasterxml.jackson.databind.PropertyNamingStrategies.NamingBase camel =
        (com.fasterxml.jackson.databind.PropertyNamingStrategies.NamingBase) NamingPolicy.CAMEL_CASE.strategy();
    assertThat(camel.translate("UserName")).isEqualTo("userName");
    assertThat(camel.translate("URL")).isEqualTo("url");
    assertThat(camel.translate("URLValue")).isEqualTo("urlValue");
    assertThat(camel.translate("ID")).isEqualTo("id");
    assertThat(camel.translate("already")).isEqualTo("already");
    assertThat(camel.translate("A")).isEqualTo("a");
  }

  @Test
  void detailedErrorsCarryTheMessageAndTheTypeOnlyWhenAsked() throws Exception {
    WsClient c = client(start(o -> o.enableDetailedErrors(true)), "");
    c.invoke("1", "throwsPlain", "[]");
    assertCompletion(c.next(), "1", ",\"error\":\"An unexpected error occurred invoking 'throwsPlain' on the server. "
        + "boom\"");
    c.invoke("2", "failsLater", "[]");
    assertCompletion(c.next(), "2", ",\"error\":\"An unexpected error occurred invoking 'failsLater' on the server. "
        + "later\"");
    c.invoke("3", "echo", "[\"a\",\"b\"]");
    assertCompletion(c.next(), "3", ",\"error\":\"Failed to invoke 'echo' due to an error on the server. "
        + "InvalidDataException: Invocation provides 2 argument(s) but target expects 1.\"");
    c.invoke("4", "add", "[\"x\",1]");
    assertCompletion(c.next(), "4", ",\"error\":\"Failed to invoke 'add' due to an error on the server. "
        + "InvalidDataException: Error binding arguments. Make sure that the types of the provided values match "
        + "the types of the hub method being invoked.\"");
    c.invoke("5", "throwsHub", "[]");
    assertThat(c.next().path("error").asText()).contains(" HubException: ");

    WsClient named = client(start(o -> o.enableDetailedErrors(true).detailedErrorTypeNames(true)), "");
    named.invoke("1", "throwsPlain", "[]");
    assertCompletion(named.next(), "1", ",\"error\":\"An unexpected error occurred invoking 'throwsPlain' on the "
        + "server. IllegalStateException: boom\"");
  }

  @Test
  void unknownMethodAndBadArgumentsFailTheInvocation() throws Exception {
    WsClient c = client();
    c.invoke("1", "nope", "[]");
    assertCompletion(c.next(), "1", ",\"error\":\"Failed to invoke 'nope' due to an error on the server. "
        + "HubException: Method does not exist.\"");
    c.invoke("2", "echo", "[]");
    assertCompletion(c.next(), "2", ",\"error\":\"Failed to invoke 'echo' due to an error on the server.\"");
    c.invoke("3", "add", "[{},1]");
    assertCompletion(c.next(), "3", ",\"error\":\"Failed to invoke 'add' due to an error on the server.\"");
    c.invoke("4", "onConnected", "[]");
    assertCompletion(c.next(), "4", ",\"error\":\"Failed to invoke 'onConnected' due to an error on the server. "
        + "HubException: Method does not exist.\"");
  }

  @Test
  void streamingModeMismatchesAreReported() throws Exception {
    WsClient c = client();
    c.invoke("1", "counter", "[3]");
    assertCompletion(c.next(), "1", ",\"error\":\"The client attempted to invoke the streaming 'counter' method "
        + "with a non-streaming invocation.\"");
    c.send("{\"type\":4,\"invocationId\":\"2\",\"target\":\"echo\",\"arguments\":[\"x\"]}");
    assertCompletion(c.next(), "2", ",\"error\":\"The client attempted to invoke the non-streaming 'echo' method "
        + "with a streaming invocation.\"");
    c.invoke("3", "sum", "[]");
    assertCompletion(c.next(), "3", ",\"error\":\"An unexpected error occurred invoking 'sum' on the server. "
        + "HubException: Client sent 0 stream(s), Hub method expects 1.\"");
  }

  @Test
  void fireAndForgetGetsNoResponseEvenOnError() throws Exception {
    WsClient c = client();
    c.send("{\"type\":1,\"target\":\"record\",\"arguments\":[\"a\"]}");
    c.send("{\"type\":1,\"target\":\"throwsPlain\",\"arguments\":[]}");
    c.send("{\"type\":1,\"target\":\"nope\",\"arguments\":[]}");
    c.invoke("9", "echo", "[\"after\"]");
    // Invocations of a connection complete in order, so anything sent for the sends would come first.
    assertCompletion(c.next(), "9", ",\"result\":\"after\"");
    assertThat(TestHub.EVENTS).contains("record a");
  }

  @Test
  void broadcastsOthersAndCaller() throws Exception {
    WsClient a = client();
    WsClient b = client();
    a.invoke("1", "broadcast", "[\"to all\"]");
    assertThat(a.next().toString()).isEqualTo("{\"type\":1,\"target\":\"message\",\"arguments\":[\"to all\"]}");
    assertCompletion(a.next(), "1", "");
    assertThat(b.next().path("arguments").get(0).asText()).isEqualTo("to all");
    a.invoke("2", "toOthers", "[\"others\"]");
    assertCompletion(a.next(), "2", "");
    assertThat(b.next().path("arguments").get(0).asText()).isEqualTo("others");
    b.invoke("3", "toCaller", "[\"me\"]");
    assertThat(b.next().path("arguments").get(0).asText()).isEqualTo("me");
    a.invoke("4", "echo", "[\"a saw nothing\"]");
    assertCompletion(a.next(), "4", ",\"result\":\"a saw nothing\"");
  }

  @Test
  void groupsReachOnlyTheirMembers() throws Exception {
    WsClient a = client();
    WsClient b = client();
    a.invoke("1", "join", "[\"g\"]");
    assertCompletion(a.next(), "1", "");
    b.invoke("1", "toGroup", "[\"g\",\"hello g\"]");
    assertCompletion(b.next(), "1", "");
    assertThat(a.next().path("arguments").get(0).asText()).isEqualTo("hello g");
    a.invoke("2", "toOthersInGroup", "[\"g\",\"only others\"]");
    assertCompletion(a.next(), "2", "");
    a.invoke("3", "leave", "[\"g\"]");
    assertCompletion(a.next(), "3", "");
    b.invoke("2", "toGroup", "[\"g\",\"nobody\"]");
    assertCompletion(b.next(), "2", "");
    server.hubContext("/test").clients().all().send("message", "from outside");
    assertThat(a.next().path("arguments").get(0).asText()).isEqualTo("from outside");
    assertThat(b.next().path("arguments").get(0).asText()).isEqualTo("from outside");
  }

  @Test
  void usersComeFromTheAuthenticator() throws Exception {
    WsClient alice1 = client(server, "user=alice");
    WsClient alice2 = client(server, "user=alice");
    WsClient bob = client(server, "user=bob");
    bob.invoke("1", "whoAmI", "[]");
    assertCompletion(bob.next(), "1", ",\"result\":\"bob\"");
    bob.invoke("2", "toUser", "[\"alice\",\"hi alice\"]");
    assertCompletion(bob.next(), "2", "");
    assertThat(alice1.next().path("arguments").get(0).asText()).isEqualTo("hi alice");
    assertThat(alice2.next().path("arguments").get(0).asText()).isEqualTo("hi alice");
    server.hubContext("/test").clients().user("bob").send("message", "hi bob");
    assertThat(bob.next().path("arguments").get(0).asText()).isEqualTo("hi bob");
  }

  @Test
  void serverToClientStreamSendsItemsThenCompletion() throws Exception {
    WsClient c = client();
    c.send("{\"type\":4,\"invocationId\":\"s\",\"target\":\"counter\",\"arguments\":[3]}");
    for (int i = 0; i < 3; i++) {
      assertThat(c.next().toString()).isEqualTo("{\"type\":2,\"invocationId\":\"s\",\"item\":" + i + "}");
    }
    assertCompletion(c.next(), "s", "");
    c.send("{\"type\":4,\"invocationId\":\"f\",\"target\":\"failingStream\",\"arguments\":[]}");
    assertCompletion(c.next(), "f", ",\"error\":\"An error occurred on the server while streaming results.\"");
  }

  @Test
  void cancelInvocationStopsTheStreamAndStillCompletes() throws Exception {
    WsClient c = client();
    c.send("{\"type\":4,\"invocationId\":\"s\",\"target\":\"endless\",\"arguments\":[]}");
    assertThat(c.next().toString()).isEqualTo("{\"type\":2,\"invocationId\":\"s\",\"item\":0}");
    c.send("{\"type\":4,\"invocationId\":\"s\",\"target\":\"endless\",\"arguments\":[]}");
    assertCompletion(c.next(), "s", ",\"error\":\"Invocation ID 's' is already in use.\"");
    c.send("{\"type\":5,\"invocationId\":\"s\"}");
    assertCompletion(c.next(), "s", "");
    assertThat(nextEvent()).startsWith("connected");
    assertThat(nextEvent()).isEqualTo("cancelled");
  }

  /**
   * A stream that produces as fast as it is asked waits for a client that stops reading, instead of filling the
   * connection's queue past its limit (1 MiB, which a kilobyte per item would pass within milliseconds) and
   * being cut off as a slow consumer. Once the client reads again it gets every item in order, and a cancel
   * still ends the stream.
   */
  @Test
  void aStreamWaitsForAClientThatStopsReading() throws Exception {
    TestHub.FIREHOSE.set(0);
    WsClient c = client();
    c.pauseReading();
    c.send("{\"type\":4,\"invocationId\":\"f\",\"target\":\"firehose\",\"arguments\":[]}");
    // The producer stops once the socket's buffers and the queue are full: the count holds still.
    long[] last = {-1};
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
        .pollInterval(java.time.Duration.ofMillis(300)).until(() -> {
          long now = TestHub.FIREHOSE.get();
          boolean still = now == last[0];
          last[0] = now;
          return still && now > 0;
        });
    assertThat(c.closed).as("the client that stopped reading is still connected").isNotDone();
    long produced = TestHub.FIREHOSE.get();
    c.resumeReading();
    for (long i = 0; i <= produced; i++) {
      JsonNode item = c.next();
      assertThat(item.path("type").asInt()).as(item.toString().substring(0, 40)).isEqualTo(2);
      assertThat(item.path("item").asText()).startsWith(i + ":");
    }
    c.send("{\"type\":5,\"invocationId\":\"f\"}");
    while (true) {
      JsonNode m = c.next();
      if (m.path("type").asInt() == 3) {
        assertCompletion(m, "f", "");
        break;
      }
    }
    assertThat(c.closed).isNotDone();
  }

  /**
   * The cancel arrives while the stream's invocation still waits in the connection's lane (a blocked invocation
   * holds it), in the same frame as the invocation: the method must not run and the client still gets its
   * Completion. Deterministic: the frame ends with an invocation of a method that does not exist, which the
   * server answers from the thread that read the frame; once that answer is here, the cancel has been read, and
   * only then does the lane open.
   */
  @Test
  void aCancelThatArrivesBeforeTheStreamStartsIsNotLost() throws Exception {
    TestHub.gate = new CountDownLatch(1);
    WsClient c = client();
    assertThat(nextEvent()).startsWith("connected");
    c.invoke("1", "ordered", "[1]");
    c.sendRaw("{\"type\":4,\"invocationId\":\"s\",\"target\":\"endless\",\"arguments\":[]}" + WsClient.RS
        + "{\"type\":5,\"invocationId\":\"s\"}" + WsClient.RS
        + "{\"type\":1,\"invocationId\":\"read\",\"target\":\"noSuchMethod\",\"arguments\":[]}" + WsClient.RS);
    assertThat(c.next().path("invocationId").asText()).isEqualTo("read");
    TestHub.gate.countDown();
    assertCompletion(c.next(), "1", ",\"result\":1");
    assertCompletion(c.next(), "s", "");
    c.invoke("2", "echo", "[\"after\"]");
    assertCompletion(c.next(), "2", ",\"result\":\"after\"");
    assertThat(TestHub.EVENTS).as("the endless stream never started").doesNotContain("cancelled");
  }

  @Test
  void aCancelForAnUnknownStreamIsOneWarningPerConnection() throws Exception {
    try (LogCapture logs = LogCapture.start()) {
      WsClient c = client();
      c.send("{\"type\":5,\"invocationId\":\"nope\"}");
      c.send("{\"type\":5,\"invocationId\":\"nope-again\"}");
      c.invoke("1", "echo", "[\"still here\"]");
      assertCompletion(c.next(), "1", ",\"result\":\"still here\"");
      assertThat(logs.lines("Cancel for unknown stream")).hasSize(1).first().asString()
          .contains("WARN").contains("nope").contains(c.connectionId);
    }
  }

  /** As ASP.NET Core's HubLifetimeManager<THub>: a class mapped at two paths is one hub with one context. */
  @Test
  void aHubClassMappedAtTwoPathsIsOneHubWithOneContext() throws Exception {
    HubServer two = HubServer.builder().hub("/a", TestHub.class).hub("/b", TestHub.class).start();
    resources.add(two);
    WsClient a = WsClient.connect(two, "/a", "");
    WsClient b = WsClient.connect(two, "/b", "");
    resources.add(0, a);
    resources.add(0, b);
    a.invoke("1", "broadcast", "[\"from a\"]");
    assertThat(a.next().path("arguments").get(0).asText()).isEqualTo("from a");
    assertThat(b.next().path("arguments").get(0).asText()).isEqualTo("from a");
    two.hubContext(TestHub.class).clients().all().send("message", "from the context").join();
    // The completion leaves from the worker that ran the method, the broadcast from this thread: either first.
    List<String> toA = List.of(a.next().toString(), a.next().toString());
    assertThat(toA).containsExactlyInAnyOrder("{\"type\":3,\"invocationId\":\"1\"}",
        "{\"type\":1,\"target\":\"message\",\"arguments\":[\"from the context\"]}");
    assertThat(b.next().path("arguments").get(0).asText()).isEqualTo("from the context");
    assertThat(two.connectionCount()).isEqualTo(2);
  }

  @Test
  void streamsIterablesAndIteratorsStreamLikePublishers() throws Exception {
    WsClient c = client();
    c.send("{\"type\":4,\"invocationId\":\"s\",\"target\":\"streamOf\",\"arguments\":[3]}");
    for (int i = 0; i < 3; i++) {
      assertThat(c.next().toString()).isEqualTo("{\"type\":2,\"invocationId\":\"s\",\"item\":" + i + "}");
    }
    assertCompletion(c.next(), "s", "");
    c.send("{\"type\":4,\"invocationId\":\"i\",\"target\":\"iterableOf\",\"arguments\":[\"x\",\"y\"]}");
    assertThat(c.next().path("item").asText()).isEqualTo("x");
    assertThat(c.next().path("item").asText()).isEqualTo("y");
    assertCompletion(c.next(), "i", "");
    c.send("{\"type\":4,\"invocationId\":\"t\",\"target\":\"iteratorOf\",\"arguments\":[1]}");
    assertThat(c.next().path("item").asInt()).isZero();
    assertCompletion(c.next(), "t", "");
    c.invoke("l", "listOf", "[2]");
    assertCompletion(c.next(), "l", ",\"result\":[0,1]");
    assertThat(nextEvent()).startsWith("connected");
    assertThat(nextEvent()).isEqualTo("stream closed");
  }

  @Test
  void aCancellationParameterSeesTheClientCancelAndTheConnectionClose() throws Exception {
    WsClient c = client();
    assertThat(nextEvent()).startsWith("connected");
    c.send("{\"type\":4,\"invocationId\":\"t\",\"target\":\"ticks\",\"arguments\":[]}");
    assertThat(c.next().path("item").asInt()).isZero();
    c.send("{\"type\":5,\"invocationId\":\"t\"}");
    JsonNode m = c.next();
    while (m.path("type").asInt() == 2) {
      m = c.next(); // items already on their way
    }
    assertCompletion(m, "t", "");
    assertThat(List.of(nextEvent(), nextEvent())).containsExactlyInAnyOrder("ticks cancelled", "ticks closed");

    c.invoke("w", "watch", "[]");
    assertCompletion(c.next(), "w", ",\"result\":\"watching\"");
    c.close();
    assertThat(nextEvent()).isEqualTo("connection gone");
  }

  @Test
  void clientToServerStreamsAsIterableAndPublisher() throws Exception {
    WsClient c = client();
    c.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"sum\",\"arguments\":[],\"streamIds\":[\"a\"]}");
    for (int i = 1; i <= 25; i++) {
      c.send("{\"type\":2,\"invocationId\":\"a\",\"item\":" + i + "}");
    }
    c.send("{\"type\":3,\"invocationId\":\"a\"}");
    assertCompletion(c.next(), "1", ",\"result\":325");

    c.send("{\"type\":1,\"invocationId\":\"2\",\"target\":\"concat\",\"arguments\":[\"-\"],\"streamIds\":[\"b\"]}");
    c.send("{\"type\":2,\"invocationId\":\"b\",\"item\":\"x\"}");
    c.send("{\"type\":2,\"invocationId\":\"b\",\"item\":\"y\"}");
    c.send("{\"type\":3,\"invocationId\":\"b\"}");
    assertCompletion(c.next(), "2", ",\"result\":\"x-y\"");

    c.send("{\"type\":1,\"invocationId\":\"3\",\"target\":\"concat\",\"arguments\":[\"-\"],\"streamIds\":[\"c\"]}");
    c.send("{\"type\":3,\"invocationId\":\"c\",\"error\":\"client gave up\"}");
    assertCompletion(c.next(), "3", ",\"error\":\"An unexpected error occurred invoking 'concat' on the server. "
        + "HubException: client gave up\"");
  }

  @Test
  void clientResultsComeBackToTheHubMethod() throws Exception {
    WsClient c = client();
    for (String method : List.of("askName", "askNameBlocking")) {
      c.invoke("1", method, "[]");
      JsonNode ask = c.next();
      assertThat(ask.path("type").asInt()).isEqualTo(1);
      assertThat(ask.path("target").asText()).isEqualTo("getName");
      assertThat(ask.path("arguments").toString()).isEqualTo("[\"please\"]");
      String id = ask.path("invocationId").asText();
      c.send("{\"type\":3,\"invocationId\":\"" + id + "\",\"result\":\"Ada\"}");
      assertCompletion(c.next(), "1", ",\"result\":\"Ada\"");
    }
    c.invoke("2", "askName", "[]");
    String id = c.next().path("invocationId").asText();
    c.send("{\"type\":3,\"invocationId\":\"" + id + "\",\"error\":\"Client didn't provide a result.\"}");
    assertCompletion(c.next(), "2", ",\"error\":\"An unexpected error occurred invoking 'askName' on the server. "
        + "HubException: Client didn't provide a result.\"");
  }

  @Test
  void onConnectedAndOnDisconnectedRunOncePerConnection() throws Exception {
    WsClient c = client(server, "user=carol");
    assertThat(nextEvent()).isEqualTo("connected " + c.connectionId + " carol");
    c.send("{\"type\":7}");
    assertThat(nextEvent()).isEqualTo("disconnected " + c.connectionId);
  }

  @Test
  void invocationsOfOneConnectionRunInOrderOneAtATime() throws Exception {
    TestHub.gate = new CountDownLatch(1);
    WsClient c = client();
    for (int i = 1; i <= 50; i++) {
      c.invoke(String.valueOf(i), "ordered", "[" + i + "]");
    }
    TestHub.gate.countDown();
    for (int i = 1; i <= 50; i++) {
      assertCompletion(c.next(), String.valueOf(i), ",\"result\":" + i);
    }
  }

  @Test
  void aFloodOfInvocationsClosesTheConnectionWithAReason() throws Exception {
    TestHub.gate = new CountDownLatch(1);
    WsClient c = client(start(o -> o.maximumPendingMessagesPerClient(5)), "");
    WsClient other = client();
    StringBuilder burst = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      burst.append("{\"type\":1,\"invocationId\":\"").append(i).append("\",\"target\":\"ordered\",\"arguments\":[")
          .append(i).append("]}").append(WsClient.RS);
    }
    c.sendRaw(burst.toString());
    JsonNode close = c.nextClose();
    assertThat(close.path("error").asText()).isEqualTo("Connection closed with an error. HubException: The client "
        + "sent more than 5 messages that the server has not processed yet (maximumPendingMessagesPerClient).");
    assertThat(c.awaitClosed()).startsWith("1000");
    other.invoke("1", "echo", "[\"fine\"]");
    assertCompletion(other.next(), "1", ",\"result\":\"fine\"");
  }

  @Test
  void anUploadNobodyReadsIsBoundedByThePendingLimit() throws Exception {
    WsClient c = client(start(o -> o.maximumPendingMessagesPerClient(5)), "");
    c.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"hoard\",\"arguments\":[],\"streamIds\":[\"u\"]}");
    for (int i = 0; i < 10; i++) {
      c.send("{\"type\":2,\"invocationId\":\"u\",\"item\":\"item " + i + "\"}");
    }
    assertThat(c.nextClose().path("error").asText()).contains("(maximumPendingMessagesPerClient)");
  }

  @Test
  void aMessageOverTheSizeLimitClosesWithTheSizeError() throws Exception {
    WsClient c = client(start(o -> o.maximumReceiveMessageSize(1024)), "");
    c.invoke("1", "echo", "[\"" + "x".repeat(2000) + "\"]");
    JsonNode close = c.nextClose();
    assertThat(close.path("error").asText())
        .startsWith("Connection closed with an error. InvalidDataException: The maximum message size of 1024B was exceeded");
    assertThat(close.path("allowReconnect").asBoolean(false)).isFalse();
  }

  @Test
  void garbageClosesThatConnectionOnly() throws Exception {
    WsClient bad = client();
    WsClient good = client();
    bad.sendRaw("{\"type\":1,\"target\":\"record\",\"arguments\":[\"before garbage\"]}" + WsClient.RS
        + "{this is not json" + WsClient.RS);
    JsonNode close = bad.nextClose();
    assertThat(close.path("error").asText()).isEqualTo("Connection closed with an error. InvalidDataException: "
        + "Invalid JSON in hub message: Unexpected character ('t' (code 116)): was expecting double-quote to start "
        + "field name");
    assertThat(bad.awaitClosed()).isNotEmpty();
    // The message before the bad one was accepted, so it still ran.
    org.awaitility.Awaitility.await().until(() -> TestHub.EVENTS.contains("record before garbage"));
    good.invoke("1", "echo", "[\"still here\"]");
    assertCompletion(good.next(), "1", ",\"result\":\"still here\"");
  }

  @Test
  void stoppingTheServerTellsClientsToReconnect() throws Exception {
    WsClient c = client();
    server.close();
    JsonNode close = c.nextClose();
    assertThat(close.path("allowReconnect").asBoolean()).isTrue();
    assertThat(c.awaitClosed()).isNotEmpty();
    assertThat(server.isHealthy()).isFalse();
  }

  @Test
  void hubContextNamesTheMappedHubsWhenThePathIsWrong() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.hubContext("/nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No hub is mapped at '/nope'; mapped: [/test]");
    assertThat(server.isHealthy()).isTrue();
  }
}
