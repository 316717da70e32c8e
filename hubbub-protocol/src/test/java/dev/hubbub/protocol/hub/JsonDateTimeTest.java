package dev.hubbub.protocol.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dates in the JSON hub protocol as System.Text.Json writes them: {@code DateTime} (Utc) with {@code Z},
 * {@code DateTimeOffset} with {@code ±hh:mm} (zero as {@code +00:00}), at most seven fractional digits with
 * trailing zeros trimmed.
 */
class JsonDateTimeTest {
  private final JsonHubProtocol json = new JsonHubProtocol();
  private final ObjectMapper mapper = json.options().mapper();

  private String written(Object argument) {
    String all = new String(json.writeUnframed(new InvocationMessage("m", Arguments.of(argument))),
        StandardCharsets.UTF_8);
    String prefix = "{\"type\":1,\"target\":\"m\",\"arguments\":[";
    assertThat(all).startsWith(prefix).endsWith("]}");
    return all.substring(prefix.length(), all.length() - 2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      whole seconds: no fraction         | 2024-01-02T03:04:05Z            | "2024-01-02T03:04:05Z"
      milliseconds                       | 2024-01-02T03:04:05.678Z        | "2024-01-02T03:04:05.678Z"
      trailing zeros trimmed             | 2024-01-02T03:04:05.600Z        | "2024-01-02T03:04:05.6Z"
      seven digits (100 ns ticks)        | 2024-01-02T03:04:05.1234567Z    | "2024-01-02T03:04:05.1234567Z"
      nanoseconds truncated to 7 digits  | 2024-01-02T03:04:05.123456789Z  | "2024-01-02T03:04:05.1234567Z"
      leading zeros of a fraction kept   | 2024-01-02T03:04:05.000001Z     | "2024-01-02T03:04:05.000001Z"
      below a tick: no fraction          | 2024-01-02T03:04:05.000000099Z  | "2024-01-02T03:04:05Z"
      """)
  void instantsAreUtcWithZ(String what, String instant, String expected) {
    assertThat(written(Instant.parse(instant))).isEqualTo(expected);
    assertThat(written(Date.from(Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.MILLIS))))
        .isEqualTo(written(Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
  }

  @Test
  void offsetsAreKeptAndZeroIsWrittenAsAnOffset() {
    LocalDateTime local = LocalDateTime.parse("2024-01-02T03:04:05.678");
    assertThat(written(local.atOffset(ZoneOffset.ofHours(1)))).isEqualTo("\"2024-01-02T03:04:05.678+01:00\"");
    assertThat(written(local.atOffset(ZoneOffset.ofHoursMinutes(-5, -30)))).isEqualTo("\"2024-01-02T03:04:05.678-05:30\"");
    assertThat(written(local.atOffset(ZoneOffset.UTC))).isEqualTo("\"2024-01-02T03:04:05.678+00:00\"");
    // a zoned value is its offset at that instant; the zone id is not written
    assertThat(written(local.atZone(ZoneId.of("Europe/Paris")))).isEqualTo("\"2024-01-02T03:04:05.678+01:00\"");
    // a local date-time has no suffix, as a DateTime of kind Unspecified
    assertThat(written(local)).isEqualTo("\"2024-01-02T03:04:05.678\"");
    // other java.time types are ISO-8601 text too (JavaTimeModule's)
    assertThat(written(LocalDate.parse("2024-01-02"))).isEqualTo("\"2024-01-02\"");
  }

  record Meeting(String title, OffsetDateTime start, @JsonFormat(pattern = "yyyy/MM/dd") LocalDate day) {}

  @Test
  void datesInObjectsAndPerFieldFormats() throws ProtocolException {
    Meeting meeting = new Meeting("m", OffsetDateTime.parse("2024-01-02T03:04:05+02:00"), LocalDate.parse("2024-01-02"));
    String text = written(meeting);
    assertThat(text).isEqualTo("{\"title\":\"m\",\"start\":\"2024-01-02T03:04:05+02:00\",\"day\":\"2024/01/02\"}");
    // and it reads back with its offset as sent (not moved to UTC)
    assertThat((Meeting) RawValue.ofJson(text).bind(Meeting.class, mapper)).isEqualTo(meeting);
  }

  @Test
  void aPatternOnAnInstantPropertyIsHonoured() {
    record Stamp(@JsonFormat(pattern = "yyyy", timezone = "UTC") Instant at) {}
    assertThat(written(new Stamp(Instant.parse("2024-01-02T03:04:05Z")))).isEqualTo("{\"at\":\"2024\"}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      DateTime Utc                     | "2024-01-02T03:04:05.678Z"           | 2024-01-02T03:04:05.678Z
      DateTimeOffset +00:00            | "2024-01-02T03:04:05.678+00:00"      | 2024-01-02T03:04:05.678Z
      DateTimeOffset +01:00            | "2024-01-02T04:04:05.678+01:00"      | 2024-01-02T03:04:05.678Z
      seven fractional digits          | "2024-01-02T03:04:05.1234567Z"       | 2024-01-02T03:04:05.1234567Z
      JS Date.toISOString()            | "2024-01-02T03:04:05.000Z"           | 2024-01-02T03:04:05Z
      """)
  void whatDotNetAndJsWriteBindsToDates(String what, String text, String instant) throws ProtocolException {
    RawValue value = RawValue.ofJson(text);
    Instant expected = Instant.parse(instant);
    assertThat((Instant) value.bind(Instant.class, mapper)).isEqualTo(expected);
    assertThat(((OffsetDateTime) value.bind(OffsetDateTime.class, mapper)).toInstant()).isEqualTo(expected);
    assertThat(((ZonedDateTime) value.bind(ZonedDateTime.class, mapper)).toInstant()).isEqualTo(expected);
    assertThat(((Date) value.bind(Date.class, mapper)).getTime()).isEqualTo(expected.toEpochMilli());
  }

  @Test
  void anOffsetReadFromJsonIsKept() throws ProtocolException {
    OffsetDateTime t = RawValue.ofJson("\"2024-01-02T04:04:05.678+01:00\"").bind(OffsetDateTime.class, mapper);
    assertThat(t).isEqualTo(OffsetDateTime.parse("2024-01-02T04:04:05.678+01:00"));
    assertThat(t.getOffset()).isEqualTo(ZoneOffset.ofHours(1));
  }

  @Test
  void aUserMapperIsUsedAsItIsAndCanRegisterTheModule() {
    ObjectMapper own = new ObjectMapper().registerModule(new HubDateTimeModule());
    JsonHubProtocol protocol = new JsonHubProtocol(HubProtocolOptions.builder().mapper(own).build());
    byte[] out = protocol.writeUnframed(new InvocationMessage("m", Arguments.of(Instant.parse("2024-01-02T03:04:05Z"))));
    assertThat(new String(out, StandardCharsets.UTF_8)).contains("[\"2024-01-02T03:04:05Z\"]");
    // registering the module leaves the mapper's own features alone
    assertThat(own.isEnabled(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)).isTrue();
  }
}
