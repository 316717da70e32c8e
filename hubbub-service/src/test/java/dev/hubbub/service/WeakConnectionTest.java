package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.service.AckMessage;
import dev.hubbub.protocol.service.CloseConnectionMessage;
import dev.hubbub.protocol.service.HandshakeRequestMessage;
import dev.hubbub.protocol.service.HandshakeResponseMessage;
import dev.hubbub.protocol.service.JoinGroupWithAckMessage;
import dev.hubbub.protocol.service.LeaveGroupWithAckMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.MultiConnectionDataMessage;
import dev.hubbub.protocol.service.Payloads;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the management SDK's persistent transport sends over a Weak connection ({@code ConnectionType} 2), byte
 * by byte, in Serverless and Default mode, and the Ack status each gets (1 Ok/true, 2 NotFound/false).
 */
class WeakConnectionTest extends ServiceTestSupport {
  private final List<FakeAppServer> servers = new ArrayList<>();

  @AfterEach
  void closeServers() {
    servers.forEach(FakeAppServer::close);
  }

  private FakeAppServer weak(String hub) throws InterruptedException {
    FakeAppServer s = FakeAppServer.open(service, hub, "mgmt_1");
    servers.add(s);
    s.send(new HandshakeRequestMessage(1, 2, "", 0, MessageExtensions.NONE, false));
    assertThat(s.take(HandshakeResponseMessage.class).isSuccess()).isTrue();
    return s;
  }

  private static int ack(FakeAppServer s, String hex, int ackId) throws InterruptedException {
    s.sendRaw(HexFormat.of().parseHex(hex));
    AckMessage ack = s.take(AckMessage.class);
    assertThat(ack.ackId()).isEqualTo(ackId);
    return ack.status();
  }

  @ParameterizedTest
  @EnumSource(value = ServiceMode.class, names = {"SERVERLESS", "DEFAULT"})
  void checksAndUserGroupsAreAcknowledgedWithoutClients(ServiceMode mode) throws Exception {
    start(ServiceOptions.builder().mode(mode));
    FakeAppServer s = weak("chat");

    // 0a | [25 CheckUserExistenceWithAck, "alice", ackId 1, {}]
    assertThat(ack(s, "0a" + "94" + "19" + "a5616c696365" + "01" + "80", 1)).isEqualTo(2);
    // 09 | [24 CheckConnectionExistenceWithAck, "nope", ackId 2, {}]
    assertThat(ack(s, "09" + "94" + "18" + "a46e6f7065" + "02" + "80", 2)).isEqualTo(2);
    // 06 | [23 CheckGroupExistenceWithAck, "g", ackId 3, {}]
    assertThat(ack(s, "06" + "94" + "17" + "a167" + "03" + "80", 3)).isEqualTo(2);
    // 0e | [26 UserJoinGroupWithAck, "alice", "g", ackId 4, {2 (ttl): 60}]
    assertThat(ack(s, "0e" + "95" + "1a" + "a5616c696365" + "a167" + "04" + "81023c", 4)).isEqualTo(1);
    // 0c | [21 CheckUserInGroupWithAck, "alice", "g", ackId 5, {}]
    assertThat(ack(s, "0c" + "95" + "15" + "a5616c696365" + "a167" + "05" + "80", 5)).isEqualTo(1);
    // 0b | [27 UserLeaveGroupWithAck, "alice", nil (all groups), ackId 6, {}]
    assertThat(ack(s, "0b" + "95" + "1b" + "a5616c696365" + "c0" + "06" + "80", 6)).isEqualTo(1);
    assertThat(ack(s, "0c" + "95" + "15" + "a5616c696365" + "a167" + "07" + "80", 7)).isEqualTo(2);
    // 0a | [30 CloseConnectionWithAck, "nope", nil reason, ackId 8, {}]
    assertThat(ack(s, "0a" + "95" + "1e" + "a46e6f7065" + "c0" + "08" + "80", 8)).isEqualTo(2);
    // 0c | [32 CloseUserConnectionsWithAck, "alice", nil, ackId 9, [], {}]
    assertThat(ack(s, "0c" + "96" + "20" + "a5616c696365" + "c0" + "09" + "90" + "80", 9)).isEqualTo(1);
    // 06 | [31 CloseConnectionsWithAck, nil, ackId 10, [], {}]
    assertThat(ack(s, "06" + "95" + "1f" + "c0" + "0a" + "90" + "80", 10)).isEqualTo(1);
  }

  @Test
  void connectionOperationsReachTheHubsClientsInServerlessMode() throws Exception {
    start();
    RawSignalRClient client = json("chat", "alice");
    FakeAppServer s = weak("chat");
    String id = client.connectionId;

    s.send(new JoinGroupWithAckMessage(id, "g", 1));
    assertThat(s.take(AckMessage.class).status()).isEqualTo(1);
    // 06 | [23 CheckGroupExistenceWithAck, "g", ackId 2, {}]
    assertThat(ack(s, "06" + "94" + "17" + "a167" + "02" + "80", 2)).isEqualTo(1);
    s.send(new LeaveGroupWithAckMessage(id, null, 3));
    assertThat(s.take(AckMessage.class).status()).isEqualTo(1);
    assertThat(ack(s, "06" + "94" + "17" + "a167" + "04" + "80", 4)).isEqualTo(2);

    String text = "{\"type\":1,\"target\":\"m\",\"arguments\":[]}" + RS;
    s.send(new MultiConnectionDataMessage(List.of(id), Payloads.of("json", text.getBytes(StandardCharsets.UTF_8))));
    assertThat(client.nextText()).isEqualTo(text);

    // CloseConnection (type 5) from a Weak connection closes any client of the hub, with the reason
    s.send(new CloseConnectionMessage(id, "bye", java.util.Map.of(), MessageExtensions.NONE));
    assertThat(client.nextText()).isEqualTo("{\"type\":7,\"error\":\"bye\"}" + RS);
    client.awaitClosed();
  }
}
