package dev.hubbub.protocol.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.ProtocolException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed payloads fail with a ProtocolException that names the problem, never with anything else. */
class ServiceProtocolBadInputTest {
  private static final HexFormat HEX = HexFormat.of();

  private static void assertRejected(String hex, String messagePart) {
    assertThatThrownBy(() -> ServiceProtocol.parse(HEX.parseHex(hex)))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessageContaining(messagePart);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # what                                   | hex                          | message part
      empty payload                             | ''                           | data ends before message
      not an array: positive int                | 03                           | expected a MessagePack array but found INTEGER
      not an array: map                         | 80                           | expected a MessagePack array but found MAP
      empty array                               | 90                           | the message type is missing
      type is a string                          | 91a133                       | MessageType must be integer but is string
      type is the reserved byte c1              | 91c1                         | the reserved byte 0xc1
      type beyond int32                         | 91cf0000000100000000         | cannot read MessageType
      ConnectionData id is an int               | 930601c400                   | Malformed ConnectionData message: ConnectionId must be string but is integer
      ConnectionData id is nil                  | 9306c0c400                   | ConnectionId must be a string, not nil
      ConnectionData payload is a string        | 9306a163a0                   | Payload must be binary but is string
      ConnectionData payload is nil             | 9306a163c0                   | Payload must be binary, not nil
      ConnectionData missing payload            | 9206a163                     | the array ends before Payload
      JoinGroup missing group                   | 920ba163                     | Malformed JoinGroup message: the array ends before GroupName
      Ack status is a string                    | 951401a131a080               | Status must be integer but is string
      Ack id beyond int32                       | 9514ce80000000 01a080        | cannot read AckId
      HandshakeRequest stateful flag is an int  | 97010100a0008001             | AllowStatefulReconnects must be boolean but is integer
      extension map is an array                 | 940ba163a16790               | extension map must be map but is array
      tracing id is negative                    | 940ba163a1678101ff           | TracingId -1 is not an unsigned 64-bit integer
      tracing id is a string                    | 940ba163a1678101a0           | TracingId must be integer but is string
      ttl is a string                           | 9410a175a1678102a0           | Ttl must be integer but is string
      protocol is an int                        | 9604a1638080a0810301         | Protocol must be string but is integer
      partial is an int                         | 9406a163c400810601           | IsPartial must be boolean but is integer
      claims is an array                        | 9304a16390                   | Claims must be map but is array
      payloads value is a string                | 940a90 81a16aa0 80           | Payloads payload must be binary but is string
      connection list is a map                  | 930780 80                    | ConnectionList must be array but is map
      header value is a map                     | 9504a16380 81a16880          | Headers value must be string but is map
      ping value is an int                      | 920301                       | ping value must be string but is integer
      huge array count                          | dd ffffffff                  | message declares a size of 4294967295
      huge array count with some bytes          | dd 7fffffff 03 00 00         | declares 2147483647 entries but only 3 bytes are left
      huge list in a message                    | 9307 dd7fffffff 80           | ConnectionList declares 2147483647 entries
      huge map                                  | 9304a163 df7fffffff          | Claims declares 2147483647 entries
      huge map in extensions                    | 940ba163a167 df0000ffff      | extension map declares 65535 entries
      huge string                               | 9206 db7fffffff              | ConnectionId declares 2147483647 bytes but only 0 are left
      huge binary                               | 9306a163 c67fffffff00        | Payload declares 2147483647 bytes but only 1 are left
      huge binary at 4 GB                       | 9306a163 c6ffffffff          | Payload declares a size of 4294967295
      huge string in ping                       | 9203 da ffff 41              | ping value declares 65535 bytes but only 1 are left
      truncated in unknown extension value      | 940ba163a16781 09 db00000010 | cannot read extension map
      truncated trailing element                | 950ba163a167 80 dc0005       | trailing field
      """)
  void rejected(String what, String hex, String messagePart) {
    assertRejected(hex.replace(" ", ""), messagePart);
  }

  static java.util.List<ServiceProtocolVectorsTest.Vector> all() {
    var all = new java.util.ArrayList<>(ServiceProtocolVectorsTest.current());
    all.addAll(ServiceProtocolVectorsTest.legacy());
    return all;
  }

  @ParameterizedTest
  @MethodSource("all")
  void everyTruncationIsRejected(ServiceProtocolVectorsTest.Vector v) {
    byte[] whole = HEX.parseHex(v.hex());
    for (int length = 0; length < whole.length; length++) {
      byte[] prefix = Arrays.copyOf(whole, length);
      assertThatThrownBy(() -> ServiceProtocol.parse(prefix)).as("first %d bytes of %s", length, v)
          .isExactlyInstanceOf(ProtocolException.class).hasMessageStartingWith("Malformed");
    }
  }

  @Test
  void errorNamesTheHttpOutcome() {
    assertThatThrownBy(() -> ServiceProtocol.parse(HEX.parseHex("90")))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
  }
}
