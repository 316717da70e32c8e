package dev.hubbub.protocol.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The MessagePack timestamp extension (type -1) in and out of the MessagePack hub protocol, byte by byte.
 * Each vector is an invocation {@code [1,{},nil,"m",[value],[]]}: {@code 96 01 80 c0 a16d 91 <value> 90}.
 */
class MessagePackTimestampTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String INVOCATION = "960180c0a16d91";
  private static final String NO_STREAMS = "90";
  private final MessagePackHubProtocol msgpack = new MessagePackHubProtocol();
  private final JsonHubProtocol json = new JsonHubProtocol();
  private final ObjectMapper mapper = msgpack.options().mapper();

  private static byte[] hex(String hex) {
    return HEX.parseHex(hex.replace(" ", ""));
  }

  private InvocationMessage parse(String argumentHex) throws ProtocolException {
    return (InvocationMessage) msgpack.parseMessage(ByteBuffer.wrap(hex(INVOCATION + argumentHex + NO_STREAMS)));
  }

  private String write(Object argument) {
    String all = HEX.formatHex(msgpack.writeUnframed(new InvocationMessage("m", Arguments.of(argument))));
    assertThat(all).startsWith(INVOCATION).endsWith(NO_STREAMS);
    return all.substring(INVOCATION.length(), all.length() - NO_STREAMS.length());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      32-bit: d6 ff + uint32 seconds                               | d6ff 65937d25                     | 2024-01-02T03:04:05Z
      64-bit: d7 ff + nanoseconds << 34 OR seconds (0.678 s)       | d7ff a1a5d600 65937d25            | 2024-01-02T03:04:05.678Z
      64-bit: nanoseconds to the last digit                        | d7ff 1d6f3454 65937d25            | 2024-01-02T03:04:05.123456789Z
      64-bit: whole seconds past uint32 (2^32 s)                   | d7ff 00000001 00000000            | 2106-02-07T06:28:16Z
      96-bit: c7 0c ff + uint32 nanos + int64 seconds, before 1970 | c70cff 1dcd6500 ffffffffffffffff  | 1969-12-31T23:59:59.500Z
      96-bit: 2^34 seconds, past the 64-bit form's range           | c70cff 00000000 0000000400000000  | 2514-05-30T01:53:04Z
      32-bit: the epoch                                            | d6ff 00000000                     | 1970-01-01T00:00:00Z
      96-bit: a non-minimal encoding is still read                 | c70cff 00000000 0000000065937d25  | 2024-01-02T03:04:05Z
      """)
  void eachFormBindsToAnInstant(String form, String bytes, String expected) throws ProtocolException {
    InvocationMessage m = parse(bytes);
    assertThat((Instant) m.arguments().bind(0, Instant.class, mapper)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      whole seconds in uint32: 32-bit                   | 2024-01-02T03:04:05Z            | d6ff 65937d25
      milliseconds: 64-bit                              | 2024-01-02T03:04:05.678Z        | d7ff a1a5d600 65937d25
      nanoseconds kept                                  | 2024-01-02T03:04:05.123456789Z  | d7ff 1d6f3454 65937d25
      seconds past uint32 without nanos: 64-bit         | 2106-02-07T06:28:16Z            | d7ff 00000001 00000000
      negative seconds: 96-bit                          | 1969-12-31T23:59:59.500Z        | c70cff 1dcd6500 ffffffffffffffff
      seconds past 34 bits: 96-bit                      | 2514-05-30T01:53:04Z            | c70cff 00000000 0000000400000000
      the epoch: 32-bit                                 | 1970-01-01T00:00:00Z            | d6ff 00000000
      """)
  void instantsAreWrittenInTheSmallestForm(String form, String instant, String expected) throws ProtocolException {
    String bytes = expected.replace(" ", "");
    assertThat(write(Instant.parse(instant))).isEqualTo(bytes);
    // and what was written reads back to the same instant
    assertThat((Instant) parse(bytes).arguments().bind(0, Instant.class, mapper)).isEqualTo(Instant.parse(instant));
  }

  @Test
  void otherDateTypesAreWrittenAsTheirInstant() {
    Instant t = Instant.parse("2024-01-02T03:04:05.678Z");
    String ts64 = "d7ffa1a5d60065937d25";
    // the offset is not carried, as .NET's MessagePack writes a DateTimeOffset's UTC instant
    assertThat(write(t.atOffset(ZoneOffset.ofHours(1)))).isEqualTo(ts64);
    assertThat(write(t.atZone(ZoneId.of("Europe/Paris")))).isEqualTo(ts64);
    assertThat(write(Date.from(t))).isEqualTo(ts64);
    // a local date-time is read as UTC, as .NET writes a DateTime of kind Unspecified
    assertThat(write(LocalDateTime.parse("2024-01-02T03:04:05.678"))).isEqualTo(ts64);
  }

  @Test
  void aTimestampBindsToEveryDateType() throws ProtocolException {
    Arguments args = parse("d7ff a1a5d600 65937d25").arguments();
    Instant t = Instant.parse("2024-01-02T03:04:05.678Z");
    assertThat((OffsetDateTime) args.bind(0, OffsetDateTime.class, mapper)).isEqualTo(t.atOffset(ZoneOffset.UTC));
    assertThat((ZonedDateTime) args.bind(0, ZonedDateTime.class, mapper)).isEqualTo(t.atZone(ZoneOffset.UTC));
    assertThat((Date) args.bind(0, Date.class, mapper)).isEqualTo(Date.from(t));
    assertThat((LocalDateTime) args.bind(0, LocalDateTime.class, mapper))
        .isEqualTo(LocalDateTime.parse("2024-01-02T03:04:05.678"));
    // untyped, a timestamp is its ISO-8601 text, as before
    assertThat((Object) args.bind(0, Object.class, mapper)).isEqualTo("2024-01-02T03:04:05.678Z");
  }

  @Test
  void aTimestampBeyondDatesRangeIsABindingErrorForDate() throws ProtocolException {
    // Found by HubProtocolFuzzTest.bindDates: Date.from threw IllegalArgumentException out of bind().
    // 96-bit, seconds 0x0060000000000000 (year 856,282,315): within java.time, beyond Date's long of millis
    Arguments args = parse("c70cff 00000000 0060000000000000").arguments();
    assertThat((Instant) args.bind(0, Instant.class, mapper)).isEqualTo(Instant.ofEpochSecond(0x0060000000000000L));
    assertThatThrownBy(() -> args.bind(0, Date.class, mapper))
        .isInstanceOf(ArgumentBindingException.class)
        .hasMessageContaining("java.util.Date")
        .hasMessageContaining("+856282315-08-03T22:49:36Z is beyond the range of java.util.Date");
  }

  @Test
  void instantsBeyondTheYearsOfLocalDateTimeStillWriteAsJson() {
    // Instant.MAX (year 1,000,000,000) has no LocalDateTime; it is written as ISO_INSTANT does
    assertThat(new String(json.writeUnframed(new InvocationMessage("m", Arguments.of(Instant.MAX))),
        java.nio.charset.StandardCharsets.UTF_8)).contains("\"+1000000000-12-31T23:59:59.999999999Z\"");
  }

  record Event(String name, Instant at, List<OffsetDateTime> also) {}

  @Test
  void datesNestedInObjectsAreTimestampsBothWays() throws ProtocolException {
    Instant t = Instant.parse("2024-01-02T03:04:05Z");
    Event event = new Event("e", t, List.of(t.atOffset(ZoneOffset.UTC)));
    // {"name":"e","at":ts32,"also":[ts32]}
    String expected = "83 a46e616d65 a165 a26174 d6ff65937d25 a4616c736f 91 d6ff65937d25".replace(" ", "");
    assertThat(write(event)).isEqualTo(expected);
    assertThat((Event) parse(expected).arguments().bind(0, Event.class, mapper)).isEqualTo(event);
  }

  @Test
  void aMapperWithoutJavaTimeStillBindsAndWritesTopLevelTimestamps() throws ProtocolException {
    ObjectMapper plain = new ObjectMapper();
    MessagePackHubProtocol protocol = new MessagePackHubProtocol(HubProtocolOptions.builder().mapper(plain).build());
    InvocationMessage m = (InvocationMessage) protocol.parseMessage(
        ByteBuffer.wrap(hex(INVOCATION + "d7ff a1a5d600 65937d25" + NO_STREAMS)));
    assertThat((Instant) m.arguments().bind(0, Instant.class, plain)).isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z"));
    assertThat(HEX.formatHex(protocol.writeUnframed(CompletionMessage.withResult("1",
        RawValue.ofJava(Instant.parse("2024-01-02T03:04:05Z"))))))
        .isEqualTo("95 03 80 a131 03 d6ff65937d25".replace(" ", "")); // [3,{},"1",3,ts32]
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ext type -1 with 5 bytes (ext 8)           | c7 05 ff 0000000000                  | MessagePack timestamp has length 5; expected 4, 8 or 12.
      ext type -1 with 7 bytes (ext 8)           | c7 07 ff 00000000000000              | MessagePack timestamp has length 7; expected 4, 8 or 12.
      ext type -1 with 2 bytes (fixext 2)        | d5 ff 0000                           | MessagePack timestamp has length 2; expected 4, 8 or 12.
      ext type -1 with 16 bytes (fixext 16)      | d8 ff 00000000000000000000000000000000 | MessagePack timestamp has length 16; expected 4, 8 or 12.
      64-bit with nanoseconds 1000000000         | d7 ff ee6b2800 65937d25              | MessagePack timestamp nanoseconds 1000000000 exceed 999999999.
      64-bit with the largest 30-bit nanoseconds | d7 ff ffffffff 65937d25              | MessagePack timestamp nanoseconds 1073741823 exceed 999999999.
      96-bit with nanoseconds 4294967295         | c7 0c ff ffffffff 0000000000000000   | MessagePack timestamp nanoseconds 4294967295 exceed 999999999.
      96-bit with seconds past java.time         | c7 0c ff 00000000 7fffffffffffffff   | MessagePack timestamp seconds 9223372036854775807 are out of range (years -999999999 to 999999999).
      96-bit with the most negative seconds      | c7 0c ff 00000000 8000000000000000   | MessagePack timestamp seconds -9223372036854775808 are out of range (years -999999999 to 999999999).
      64-bit cut after 2 of 8 bytes              | d7 ff 0000                           | MessagePack extension declares 8 items or bytes but only 2 bytes remain in the message.
      96-bit cut after 4 of 12 bytes             | c7 0c ff 00000000                    | MessagePack extension declares 12 items or bytes but only 4 bytes remain in the message.
      """)
  void malformedTimestampsAreProtocolErrors(String what, String bytes, String message) {
    // the value is the last argument, so a cut one ends the message where the ext data should be
    byte[] input = hex(INVOCATION + bytes + (what.contains(" cut ") ? "" : NO_STREAMS));
    assertThatThrownBy(() -> msgpack.parseMessage(ByteBuffer.wrap(input)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageEndingWith(message);
    assertThatThrownBy(() -> RawValue.ofMessagePack(hex(bytes)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(what.contains(" cut ") ? "only" : message);
  }

  @Test
  void otherExtensionTypesAreNotTimestamps() throws ProtocolException {
    // fixext 4 of type 1 with 4 data bytes: a JSON client gets the data as base64, no date is made of it
    RawValue value = parse("d6 01 65937d25").arguments().get(0);
    assertThat(value.toJsonString()).isEqualTo("\"ZZN9JQ==\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      32-bit, no fraction               | d6ff 65937d25                     | "2024-01-02T03:04:05Z"
      milliseconds                      | d7ff a1a5d600 65937d25            | "2024-01-02T03:04:05.678Z"
      nanoseconds cut to 7 digits       | d7ff 1d6f3454 65937d25            | "2024-01-02T03:04:05.1234567Z"
      before 1970                       | c70cff 1dcd6500 ffffffffffffffff  | "1969-12-31T23:59:59.5Z"
      """)
  void aTimestampCrossingToJsonIsTheTextDotNetWrites(String what, String bytes, String expectedJson)
      throws ProtocolException {
    // a MessagePack client's argument forwarded to a JSON client (the service's re-encoding), as a .NET
    // server would forward the DateTime it read: UTC, 'Z', at most seven fractional digits, zeros trimmed
    InvocationMessage m = parse(bytes);
    assertThat(new String(json.writeUnframed(m), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":1,\"target\":\"m\",\"arguments\":[" + expectedJson + "]}");
  }

  @Test
  void anIsoStringCrossingToMessagePackStaysAString() throws ProtocolException {
    // a REST body's (or JSON client's) date is a string; nothing guesses that it was a date
    Arguments args = Arguments.ofJsonArray("[\"2024-01-02T03:04:05Z\"]");
    String all = HEX.formatHex(msgpack.writeUnframed(new InvocationMessage("m", args)));
    assertThat(all).isEqualTo(INVOCATION + "b4" + HEX.formatHex("2024-01-02T03:04:05Z".getBytes()) + NO_STREAMS);
    // but it still binds to a date parameter on a Java hub
    assertThat((Instant) args.bind(0, Instant.class, mapper)).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
  }
}
