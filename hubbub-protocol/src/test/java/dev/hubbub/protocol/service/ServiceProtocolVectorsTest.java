package dev.hubbub.protocol.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte vectors for every service message type. The hex was produced by an independent MessagePack encoder
 * (a few lines of Python, checked against the SDK's published base64 vectors), not by this code.
 */
class ServiceProtocolVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  record Vector(String hex, ServiceMessage message) {
    @Override
    public String toString() {
      return message.getClass().getSimpleName() + " " + hex;
    }
  }

  static Vector vector(String hex, ServiceMessage message) {
    return new Vector(hex, message);
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static ServiceMessage parse(byte[] payload) throws ProtocolException {
    return ServiceProtocol.parse(payload).orElseThrow();
  }

  @Test
  void publishedSdkVectors() throws ProtocolException {
    assertPublished("kQM=", PingMessage.KEEP_ALIVE); // [3]
    assertPublished("lAKggMA=", new HandshakeResponseMessage("", MessageExtensions.NONE, null)); // [2,"",{},nil]
    // [4,"conn1",{},{},"",{3:"json"}]
    assertPublished("lgSlY29ubjGAgKCBA6Rqc29u",
        new OpenConnectionMessage("conn1", List.of(), Map.of(), "", MessageExtensions.ofProtocol("json")));
    // [20,1,100,"",{}]: AckId 1, Status 100 (not an AckStatus: the SDK test uses an arbitrary int)
    assertPublished("lRQBZKCA", new AckMessage(1, 100, "", MessageExtensions.NONE, null));
    // [1,1,0,"",0,{},false]: version 1, Default connection, no target, migration Off
    assertPublished("lwEBAKAAgMI=", new HandshakeRequestMessage(ServiceProtocol.VERSION));
  }

  private static void assertPublished(String base64, ServiceMessage expected) throws ProtocolException {
    byte[] wire = Base64.getDecoder().decode(base64);
    assertThat(parse(wire)).isEqualTo(expected);
    assertThat(Base64.getEncoder().encodeToString(ServiceProtocol.writePayload(expected))).isEqualTo(base64);
  }

  static List<Vector> current() {
    return List.of(
        // HandshakeRequest, on-demand, target, migration Any, stateful reconnects: [1, 1, 1, 'inst1', 2, {}, true]
        vector("97010101a5696e7374310280c3",
            new HandshakeRequestMessage(1, 1, "inst1", 2, MessageExtensions.NONE, true)),
        // HandshakeResponse with error and connection id: [2, 'Version mismatch.', {}, 'sc1']
        vector("9402b156657273696f6e206d69736d617463682e80a3736331",
            new HandshakeResponseMessage("Version mismatch.", MessageExtensions.NONE, "sc1")),
        // Ping shutdown fin:1: [3, 'shutdown', 'fin:1']
        vector("9303a873687574646f776ea566696e3a31",
            PingMessage.shutdown(1)),
        // Ping keep-alive with client counts: [3, '#clientInHub', '2', '#client', '3']
        vector("9503ac23636c69656e74496e487562a132a723636c69656e74a133",
            PingMessage.clientCounts(2, 3)),
        // OpenConnection with claims, headers, query, tracing id and protocol: [4, 'c1', {'asrs.s.uid': 'u1', 'role': 'a'}, {'X-Forwarded-For': ['1.2.3.4', '5.6.7.8']}, '?k=v', {1: 7, 3: 'messagepack'}]
        vector("9604a2633182aa617372732e732e756964a27531a4726f6c65a16181af582d466f727761726465642d466f7292a7312e322e332e34a7352e362e372e38a43f6b3d7682010703ab6d6573736167657061636b",
            new OpenConnectionMessage("c1", List.of(new Claim("asrs.s.uid", "u1"), new Claim("role", "a")), Map.of("X-Forwarded-For", List.of("1.2.3.4", "5.6.7.8")), "?k=v", MessageExtensions.ofTracingId(7).withProtocol("messagepack"))),
        // CloseConnection with error and migration header: [5, 'c1', 'boom', {'Asrs-Migrate-To': ['inst2']}, {}]
        vector("9505a26331a4626f6f6d81af417372732d4d6967726174652d546f91a5696e73743280",
            new CloseConnectionMessage("c1", "boom", Map.of("Asrs-Migrate-To", List.of("inst2")), MessageExtensions.NONE)),
        // ConnectionData with tracing id, data type Invocation, partial: [6, 'c1', b'{}\x1e', {1: 1, 5: 2, 6: true}]
        vector("9406a26331c4037b7d1e830101050206c3",
            new ConnectionDataMessage("c1", ByteBuffer.wrap(bytes(0x7b, 0x7d, 0x1e)), new MessageExtensions(1L, null, null, null, 2, true))),
        // MultiConnectionData with filter: [7, ['c1', 'c2'], {'json': b'\x01\x02', 'messagepack': b'\x03'}, {4: 'f'}]
        vector("940792a26331a2633282a46a736f6ec4020102ab6d6573736167657061636bc401038104a166",
            new MultiConnectionDataMessage(List.of("c1", "c2"), Payloads.of("json", bytes(1, 2), "messagepack", bytes(3)), MessageExtensions.NONE.withFilter("f"))),
        // UserData: [8, 'u1', {'json': b'\x01\x02', 'messagepack': b'\x03'}, {}]
        vector("9408a2753182a46a736f6ec4020102ab6d6573736167657061636bc4010380",
            new UserDataMessage("u1", Payloads.of("json", bytes(1, 2), "messagepack", bytes(3)))),
        // MultiUserData: [9, ['u1', 'u2'], {'json': b'\x01\x02', 'messagepack': b'\x03'}, {}]
        vector("940992a27531a2753282a46a736f6ec4020102ab6d6573736167657061636bc4010380",
            new MultiUserDataMessage(List.of("u1", "u2"), Payloads.of("json", bytes(1, 2), "messagepack", bytes(3)))),
        // BroadcastData with a uint64 tracing id: [10, ['c3'], {'json': b'\x01\x02', 'messagepack': b'\x03'}, {1: <__main__.U64 object at 0x7fa8a0a78850>}]
        vector("940a91a2633382a46a736f6ec4020102ab6d6573736167657061636bc401038101cf8000000000000005",
            new BroadcastDataMessage(List.of("c3"), Payloads.of("json", bytes(1, 2), "messagepack", bytes(3)), MessageExtensions.ofTracingId(Long.MIN_VALUE + 5))),
        // JoinGroup: [11, 'c1', 'g1', {}]
        vector("940ba26331a2673180",
            new JoinGroupMessage("c1", "g1")),
        // LeaveGroup from every group (nil): [12, 'c1', nil, {}]
        vector("940ca26331c080",
            new LeaveGroupMessage("c1", null)),
        // GroupBroadcastData, current 7 elements: [13, 'g1', ['c1'], {'json': b'\x01\x02', 'messagepack': b'\x03'}, {}, ['u9'], 'u1']
        vector("970da2673191a2633182a46a736f6ec4020102ab6d6573736167657061636bc401038091a27539a27531",
            new GroupBroadcastDataMessage("g1", List.of("c1"), Payloads.of("json", bytes(1, 2), "messagepack", bytes(3)), MessageExtensions.NONE, List.of("u9"), "u1")),
        // MultiGroupBroadcastData: [14, ['g1', 'g2'], {'json': b'\x01\x02', 'messagepack': b'\x03'}, {}]
        vector("940e92a26731a2673282a46a736f6ec4020102ab6d6573736167657061636bc4010380",
            new MultiGroupBroadcastDataMessage(List.of("g1", "g2"), Payloads.of("json", bytes(1, 2), "messagepack", bytes(3)))),
        // ServiceError: [15, 'Server connection is not allowed.']
        vector("920fd92153657276657220636f6e6e656374696f6e206973206e6f7420616c6c6f7765642e",
            new ServiceErrorMessage("Server connection is not allowed.")),
        // UserJoinGroup with ttl 300 s: [16, 'u1', 'g1', {2: 300}]
        vector("9410a27531a267318102cd012c",
            new UserJoinGroupMessage("u1", "g1", MessageExtensions.NONE.withTtl(300))),
        // UserLeaveGroup: [17, 'u1', 'g1', {}]
        vector("9411a27531a2673180",
            new UserLeaveGroupMessage("u1", "g1")),
        // JoinGroupWithAck: [18, 'c1', 'g1', 5, {}]
        vector("9512a26331a267310580",
            new JoinGroupWithAckMessage("c1", "g1", 5)),
        // LeaveGroupWithAck from every group: [19, 'c1', nil, 6, {}]
        vector("9513a26331c00680",
            new LeaveGroupWithAckMessage("c1", null, 6)),
        // Ack NotFound with message and payload (latest, 6 elements): [20, 7, 2, 'nope', {}, b'\x01']
        vector("96140702a46e6f706580c40101",
            new AckMessage(7, 2, "nope", MessageExtensions.NONE, ByteBuffer.wrap(bytes(1)))),
        // CheckUserInGroupWithAck: [21, 'u1', 'g1', 8, {}]
        vector("9515a27531a267310880",
            new CheckUserInGroupWithAckMessage("u1", "g1", 8)),
        // ServiceEvent: Connection NotExisted: [22, 1, 'c1', 2, 'gone', {}]
        vector("961601a2633102a4676f6e6580",
            new ServiceEventMessage(1, "c1", 2, "gone", MessageExtensions.NONE)),
        // CheckGroupExistenceWithAck: [23, 'g1', 9, {}]
        vector("9417a267310980",
            new CheckGroupExistenceWithAckMessage("g1", 9)),
        // CheckConnectionExistenceWithAck: [24, 'c1', 10, {}]
        vector("9418a263310a80",
            new CheckConnectionExistenceWithAckMessage("c1", 10)),
        // CheckUserExistenceWithAck: [25, 'u1', 11, {}]
        vector("9419a275310b80",
            new CheckUserExistenceWithAckMessage("u1", 11)),
        // UserJoinGroupWithAck with ttl: [26, 'u1', 'g1', 12, {2: 60}]
        vector("951aa27531a267310c81023c",
            new UserJoinGroupWithAckMessage("u1", "g1", 12, MessageExtensions.NONE.withTtl(60))),
        // UserLeaveGroupWithAck from every group: [27, 'u1', nil, 13, {}]
        vector("951ba27531c00d80",
            new UserLeaveGroupWithAckMessage("u1", null, 13)),
        // AccessKeyRequest: [28, 'entra-token', 'kid1', {}]
        vector("941cab656e7472612d746f6b656ea46b69643180",
            new AccessKeyRequestMessage("entra-token", "kid1", MessageExtensions.NONE)),
        // AccessKeyResponse: [29, 'kid1', 'key', nil, nil, {}]
        vector("961da46b696431a36b6579c0c080",
            new AccessKeyResponseMessage("kid1", "key", null, null, MessageExtensions.NONE)),
        // CloseConnectionWithAck: [30, 'c1', 'bye', 14, {}]
        vector("951ea26331a36279650e80",
            new CloseConnectionWithAckMessage("c1", "bye", 14)),
        // CloseConnectionsWithAck: [31, nil, 15, ['c1'], {}]
        vector("951fc00f91a2633180",
            new CloseConnectionsWithAckMessage(null, 15, List.of("c1"), MessageExtensions.NONE)),
        // CloseUserConnectionsWithAck: [32, 'u1', 'r', 16, [], {}]
        vector("9620a27531a172109080",
            new CloseUserConnectionsWithAckMessage("u1", "r", 16, List.of(), MessageExtensions.NONE)),
        // CloseGroupConnectionsWithAck: [33, 'g1', nil, 17, ['c2'], {}]
        vector("9621a26731c01191a2633280",
            new CloseGroupConnectionsWithAckMessage("g1", null, 17, List.of("c2"), MessageExtensions.NONE)),
        // ClientInvocation: [34, 'i1', 'c1', 's1', {'json': b'\x01\x02', 'messagepack': b'\x03'}, {}]
        vector("9622a26931a26331a2733182a46a736f6ec4020102ab6d6573736167657061636bc4010380",
            new ClientInvocationMessage("i1", "c1", "s1", Payloads.of("json", bytes(1, 2), "messagepack", bytes(3)))),
        // ClientCompletion: [35, 'i1', 'c1', 's1', 'json', b'\x01\x02', {}]
        vector("9723a26931a26331a27331a46a736f6ec402010280",
            new ClientCompletionMessage("i1", "c1", "s1", "json", ByteBuffer.wrap(bytes(1, 2)), MessageExtensions.NONE)),
        // ErrorCompletion: [36, 'i1', 'c1', 's1', 'failed', {}]
        vector("9624a26931a26331a27331a66661696c656480",
            new ErrorCompletionMessage("i1", "c1", "s1", "failed")),
        // ServiceMapping: [37, 'i1', 'c1', 'inst1', {}]
        vector("9525a26931a26331a5696e73743180",
            new ServiceMappingMessage("i1", "c1", "inst1")),
        // ConnectionReconnect: [38, 'c1', {}]
        vector("9326a2633180",
            new ConnectionReconnectMessage("c1")),
        // ConnectionFlowControl Client Pause, fixed int32 fields: [39, 'c1', <__main__.I32 object at 0x7fa8a0a89bd0>, <__main__.I32 object at 0x7fa8a0a89c10>, {}]
        vector("9527a26331d200000001d20000000180",
            new ConnectionFlowControlMessage("c1", 1, 1)),
        // GroupMemberQuery, extension map second: [40, {1: 3}, 'g1', 18, 100, 'tok']
        vector("9628810103a267311264a3746f6b",
            new GroupMemberQueryMessage(MessageExtensions.ofTracingId(3), "g1", 18, 100, "tok"))
    );
  }

  static List<Vector> legacy() {
    return List.of(
        // HandshakeRequest 2 elements: [1, 1]
        vector("920101",
            new HandshakeRequestMessage(1)),
        // HandshakeRequest 4 elements (type, target): [1, 1, 1, 't']
        vector("94010101a174",
            new HandshakeRequestMessage(1, 1, "t", 0, MessageExtensions.NONE, false)),
        // HandshakeRequest 5 elements (migration level): [1, 1, 0, '', 1]
        vector("95010100a001",
            new HandshakeRequestMessage(1, 0, "", 1, MessageExtensions.NONE, false)),
        // HandshakeRequest 6 elements (1.25): [1, 1, 0, '', 0, {}]
        vector("96010100a00080",
            new HandshakeRequestMessage(1)),
        // HandshakeResponse 2 elements: [2, '']
        vector("9202a0",
            new HandshakeResponseMessage("")),
        // HandshakeResponse 3 elements: [2, 'err', {}]
        vector("9302a365727280",
            new HandshakeResponseMessage("err")),
        // OpenConnection 3 elements: [4, 'c1', {'a': 'b'}]
        vector("9304a2633181a161a162",
            new OpenConnectionMessage("c1", List.of(new Claim("a", "b")))),
        // OpenConnection 4 elements: [4, 'c1', {}, {'h': ['v']}]
        vector("9404a263318081a16891a176",
            new OpenConnectionMessage("c1", List.of(), Map.of("h", List.of("v")), null, MessageExtensions.NONE)),
        // CloseConnection 2 elements: [5, 'c1']
        vector("9205a26331",
            new CloseConnectionMessage("c1")),
        // CloseConnection 3 elements: [5, 'c1', 'err']
        vector("9305a26331a3657272",
            new CloseConnectionMessage("c1", "err", Map.of(), MessageExtensions.NONE)),
        // ConnectionData 3 elements: [6, 'c1', b'\x01']
        vector("9306a26331c40101",
            new ConnectionDataMessage("c1", ByteBuffer.wrap(bytes(1)))),
        // GroupBroadcastData 4 elements: [13, 'g', [], {'json': b'\x01\x02', 'messagepack': b'\x03'}]
        vector("940da1679082a46a736f6ec4020102ab6d6573736167657061636bc40103",
            new GroupBroadcastDataMessage("g", List.of(), Payloads.of("json", bytes(1, 2), "messagepack", bytes(3)))),
        // GroupBroadcastData 5 elements: [13, 'g', ['c'], {'json': b'\x01\x02', 'messagepack': b'\x03'}, {1: 1}]
        vector("950da16791a16382a46a736f6ec4020102ab6d6573736167657061636bc40103810101",
            new GroupBroadcastDataMessage("g", List.of("c"), Payloads.of("json", bytes(1, 2), "messagepack", bytes(3)), MessageExtensions.ofTracingId(1), List.of(), null)),
        // Ack 1.25 with status 100 (the published vector): [20, 1, 100, '', {}]
        vector("95140164a080",
            new AckMessage(1, 100, "", MessageExtensions.NONE, null)),
        // Ack 3 elements: [20, 1, 1]
        vector("93140101",
            new AckMessage(1, 1)),
        // JoinGroup 3 elements: [11, 'c', 'g']
        vector("930ba163a167",
            new JoinGroupMessage("c", "g")),
        // BroadcastData with nil lists and maps: [10, nil, nil, {}]
        vector("940ac0c080",
            new BroadcastDataMessage(List.of(), Payloads.EMPTY)),
        // ConnectionFlowControl with small ints instead of fixed int32: [39, 'c1', 2, 3, {}]
        vector("9527a26331020380",
            new ConnectionFlowControlMessage("c1", 2, 3)),
        // Extra trailing elements are skipped: [11, 'c', 'g', {}, 'future', [1, 2, {'x': nil}]]
        vector("960ba163a16780a666757475726593010281a178c0",
            new JoinGroupMessage("c", "g")),
        // Unknown extension keys are skipped: [11, 'c', 'g', {9: 'x', 1: 4, 's': [1], -1: nil}]
        vector("940ba163a1678409a1780104a1739101ffc0",
            new JoinGroupMessage("c", "g", MessageExtensions.ofTracingId(4))),
        // Headers with single string values: [4, 'c', {}, {'h': 'v'}, '', {}]
        vector("9604a1638081a168a176a080",
            new OpenConnectionMessage("c", List.of(), Map.of("h", List.of("v")), "", MessageExtensions.NONE)),
        // Duplicate claim types kept in order: [4, 'c', {'role': 'a', 'role ': 'b'}, {}, '', {}]
        vector("9604a16382a4726f6c65a161a5726f6c6520a16280a080",
            new OpenConnectionMessage("c", List.of(new Claim("role", "a"), new Claim("role ", "b")), Map.of(), "", MessageExtensions.NONE))
    );
  }

  @ParameterizedTest
  @MethodSource("current")
  void currentLayoutWritesAndParsesByteExact(Vector v) throws ProtocolException {
    assertThat(HEX.formatHex(ServiceProtocol.writePayload(v.message()))).isEqualTo(v.hex());
    assertThat(parse(HEX.parseHex(v.hex()))).isEqualTo(v.message());
  }

  @Test
  void vectorsCoverEveryMessageType() {
    Set<Integer> covered = current().stream().map(v -> v.message().type()).collect(Collectors.toSet());
    Set<Integer> all = Arrays.stream(ServiceMessage.class.getPermittedSubclasses())
        .map(c -> {
          try {
            return c.getField("TYPE").getInt(null);
          } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
          }
        }).collect(Collectors.toSet());
    assertThat(all).hasSize(40); // every id from 1 to 40
    assertThat(covered).isEqualTo(all);
  }

  @ParameterizedTest
  @MethodSource("legacy")
  void legacyAndTolerantLayoutsParse(Vector v) throws ProtocolException {
    assertThat(parse(HEX.parseHex(v.hex()))).isEqualTo(v.message());
  }

  @Test
  void seventyThousandBytePayload() throws ProtocolException {
    byte[] payload = new byte[70_000];
    Arrays.fill(payload, (byte) 0x5a);
    ConnectionDataMessage message = new ConnectionDataMessage("c", ByteBuffer.wrap(payload));
    byte[] framed = ServiceProtocol.write(message);
    // 70010-byte array: prefix fa a2 04, then 94 06 a1 63 c6 00 01 11 70 (bin32 of 70000)
    assertThat(HEX.formatHex(framed, 0, 12)).isEqualTo("faa2049406a163c600011170");
    assertThat(framed).hasSize(3 + 70_010);
    assertThat(ServiceProtocol.parse(ByteBuffer.wrap(framed, 3, 70_010))).contains(message);
  }

  @Test
  void nilReadsAsEmptyWhereTheSdkDefaultsToEmpty() throws ProtocolException {
    // [5,"c",nil]: CloseConnection with a nil error message
    assertThat(parse(HEX.parseHex("9305a163c0"))).isEqualTo(new CloseConnectionMessage("c", "", Map.of(), MessageExtensions.NONE));
    // [1,1,0,nil]: HandshakeRequest with a nil target
    assertThat(parse(HEX.parseHex("94010100c0"))).isEqualTo(new HandshakeRequestMessage(1));
    // [20,1,1,nil,{}]: Ack with a nil message
    assertThat(parse(HEX.parseHex("95140101c080"))).isEqualTo(new AckMessage(1, 1));
  }

  @Test
  void bytesAfterTheArrayAreIgnored() throws ProtocolException {
    // [3] followed by junk inside the same frame
    assertThat(parse(HEX.parseHex("9103c1ffff"))).isEqualTo(PingMessage.KEEP_ALIVE);
  }

  @Test
  void unknownTypesAreSkipped() throws ProtocolException {
    assertThat(ServiceProtocol.parse(HEX.parseHex("9263a0"))).isEmpty(); // [99, ""]
    assertThat(ServiceProtocol.parse(HEX.parseHex("9129"))).isEmpty(); // [41]
    assertThat(ServiceProtocol.parse(HEX.parseHex("9100"))).isEmpty(); // [0]
    assertThat(ServiceProtocol.parse(HEX.parseHex("92ff90"))).isEmpty(); // [-1, []]
  }

  @Test
  void onlyUnderstoodExtensionKeysAreWritten() {
    MessageExtensions all = new MessageExtensions(1L, 2, "json", "f", 3, true);
    // JoinGroup understands only the tracing id: [11,"c","g",{1:1}]
    assertThat(HEX.formatHex(ServiceProtocol.writePayload(new JoinGroupMessage("c", "g", all))))
        .isEqualTo("940ba163a16781" + "0101");
    // Ack and handshakes take none: [20,1,1,"",{}]
    assertThat(HEX.formatHex(ServiceProtocol.writePayload(new AckMessage(1, 1, "", all, null))))
        .isEqualTo("951401" + "01a080");
    // UserJoinGroup: tracing id and ttl
    assertThat(HEX.formatHex(ServiceProtocol.writePayload(new UserJoinGroupMessage("u", "g", all))))
        .isEqualTo("9410a175a167820101" + "0202");
    // OpenConnection: tracing id and protocol
    assertThat(HEX.formatHex(ServiceProtocol.writePayload(new OpenConnectionMessage("c", List.of(), Map.of(), "", all))))
        .isEqualTo("9604a1638080a0820101" + "03a46a736f6e");
    // ConnectionData: tracing id, data message type, partial
    assertThat(HEX.formatHex(ServiceProtocol.writePayload(new ConnectionDataMessage("c", ByteBuffer.allocate(0), all))))
        .isEqualTo("9406a163c400830101" + "0503" + "06c3");
    // BroadcastData: tracing id and filter
    assertThat(HEX.formatHex(ServiceProtocol.writePayload(new BroadcastDataMessage(List.of(), Payloads.EMPTY, all))))
        .isEqualTo("940a9080820101" + "04a166");
  }

  @Test
  void typedViews() throws ProtocolException {
    assertThat(new AckMessage(1, 100).knownStatus()).isEmpty();
    assertThat(new AckMessage(1, 2).knownStatus()).contains(AckStatus.NOT_FOUND);
    assertThat(new HandshakeResponseMessage(null).isSuccess()).isTrue();
    assertThat(new HandshakeResponseMessage("").isSuccess()).isTrue();
    assertThat(new HandshakeResponseMessage("Version mismatch.").isSuccess()).isFalse();
    assertThat(new HandshakeRequestMessage(1, 2, "", 1, MessageExtensions.NONE, false).knownConnectionType())
        .contains(ServerConnectionType.WEAK);
    ConnectionDataMessage data = (ConnectionDataMessage) parse(HEX.parseHex("9406a163c400810502"));
    assertThat(data.knownDataMessageType()).contains(DataMessageType.INVOCATION);
    assertThat(new ServiceEventMessage(1, "c", 3, null, MessageExtensions.NONE).knownKind())
        .contains(ServiceEventKind.BUFFER_FULL);
    assertThat(new ConnectionFlowControlMessage("c", 1, 4).knownOperation()).contains(FlowControlOperation.OFFLINE);
    assertThat(new ConnectionFlowControlMessage("c", 2, 1).knownConnectionType())
        .contains(FlowControlConnectionType.SERVER);
    Payloads payloads = Payloads.of("JSON", bytes(1));
    assertThat(payloads.bytes("json")).hasValue(bytes(1));
    assertThat(payloads.get("MessagePack")).isEmpty();
  }

  @Test
  void pingViews() throws ProtocolException {
    assertThat(PingMessage.KEEP_ALIVE.isKeepAlive()).isTrue();
    assertThat(PingMessage.shutdown(2).shutdownMode()).hasValue(2);
    assertThat(PingMessage.finAck().isFinAck()).isTrue();
    assertThat(PingMessage.finAck().shutdownMode()).isEmpty();
    assertThat(PingMessage.status(true).status()).contains(true);
    assertThat(PingMessage.of("status", "0", "clientcount", "3").status()).contains(false);
    assertThat(PingMessage.offline("i1").offlineInstance()).contains("i1");
    assertThat(PingMessage.target("i2").rebalanceTarget()).contains("i2");
    assertThat(PingMessage.of("servers", "").servers()).contains("");
    assertThat(PingMessage.echo("x").echo()).contains("x");
    assertThat(PingMessage.clientCounts(4, 5).clientsInHub()).hasValue(4);
    assertThat(PingMessage.clientCounts(4, 5).clients()).hasValue(5);
    // odd element counts and nil strings are read as the SDK does
    PingMessage odd = (PingMessage) parse(HEX.parseHex("9303a46563686fc0"));
    assertThat(odd.messages()).containsExactly("echo", "");
    assertThat(((PingMessage) parse(HEX.parseHex("9203a165"))).messages()).containsExactly("e");
  }

  @Test
  void buffersAreImmutableCopies() {
    byte[] raw = bytes(1, 2, 3);
    ConnectionDataMessage message = new ConnectionDataMessage("c", ByteBuffer.wrap(raw));
    raw[0] = 9;
    ByteBuffer view = message.payload();
    view.get();
    assertThat(message.payload().remaining()).isEqualTo(3);
    assertThat(message.payload().get(0)).isEqualTo((byte) 1);
    assertThat(message.payload().isReadOnly()).isTrue();
  }
}
