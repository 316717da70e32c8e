package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.DateSerializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.LocalDateTimeSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.OffsetDateTimeSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.ZonedDateTimeSerializer;
import dev.hubbub.protocol.hub.internal.Timestamps;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Dates the way ASP.NET Core's hub protocols carry them: a Jackson module that writes {@code java.time} values
 * and {@link Date} as the ISO-8601 text System.Text.Json writes for {@code DateTime} and
 * {@code DateTimeOffset}, and lets the MessagePack protocol write them as its timestamp extension. Reading
 * comes from {@link JavaTimeModule}, which this module registers first.
 *
 * <table>
 *   <caption>How each type is written</caption>
 *   <tr><th>Java</th><th>.NET peer</th><th>JSON</th><th>MessagePack</th></tr>
 *   <tr><td>{@link Instant}, {@link Date}</td><td>{@code DateTime} (Utc)</td>
 *       <td>{@code "2024-01-02T03:04:05.678Z"}</td><td>timestamp</td></tr>
 *   <tr><td>{@link OffsetDateTime}</td><td>{@code DateTimeOffset}</td>
 *       <td>{@code "2024-01-02T03:04:05.678+01:00"}, zero offset as {@code +00:00}</td>
 *       <td>timestamp (the instant; the offset is lost, as .NET's MessagePack loses it)</td></tr>
 *   <tr><td>{@link ZonedDateTime}</td><td>{@code DateTimeOffset}</td>
 *       <td>as {@link OffsetDateTime}: the zone id is dropped, its offset at that instant kept</td>
 *       <td>timestamp</td></tr>
 *   <tr><td>{@link LocalDateTime}</td><td>{@code DateTime} (Unspecified)</td>
 *       <td>{@code "2024-01-02T03:04:05.678"}</td>
 *       <td>timestamp of that wall-clock time read as UTC, as .NET writes an Unspecified {@code DateTime}</td></tr>
 * </table>
 *
 * <p>Fractional seconds have at most seven digits in JSON (.NET's 100 ns ticks; finer digits are truncated) and
 * none when zero; MessagePack keeps every nanosecond. A property annotated with {@link JsonFormat} (a pattern
 * or a non-string shape) keeps {@link JavaTimeModule}'s handling of that annotation.
 *
 * <p>{@link HubProtocolOptions#newDefaultMapper()} registers this module. A mapper of your own needs it
 * registered ({@code mapper.registerModule(new HubDateTimeModule())}) for the same JSON text and for dates
 * nested in objects to become MessagePack timestamps; a date that is itself an argument, stream item or
 * result is a timestamp in MessagePack, and a timestamp binds to a date parameter, whatever the mapper.
 */
public final class HubDateTimeModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  /**
   * Serialization attribute the MessagePack protocol sets while it turns a Java value into a tree: dates are
   * then kept as embedded objects, which it writes as timestamps, instead of text.
   */
  static final Object MESSAGEPACK_TIMESTAMPS = new Object();

  /** The module. */
  public HubDateTimeModule() {
    super(HubDateTimeModule.class.getName());
    add(Instant.class, t -> Timestamps.formatUtc(t, Timestamps.DOTNET_DIGITS), InstantSerializer.INSTANCE);
    add(OffsetDateTime.class, t -> Timestamps.formatOffset(t, Timestamps.DOTNET_DIGITS),
        OffsetDateTimeSerializer.INSTANCE);
    add(ZonedDateTime.class, t -> Timestamps.formatOffset(t.toOffsetDateTime(), Timestamps.DOTNET_DIGITS),
        ZonedDateTimeSerializer.INSTANCE);
    add(LocalDateTime.class, t -> Timestamps.formatLocal(t, Timestamps.DOTNET_DIGITS),
        LocalDateTimeSerializer.INSTANCE);
    add(Date.class, d -> Timestamps.formatUtc(Instant.ofEpochMilli(d.getTime()), Timestamps.DOTNET_DIGITS),
        DateSerializer.instance);
  }

  private <T> void add(Class<T> type, Function<T, String> text, JsonSerializer<?> annotated) {
    addSerializer(type, new DotNetDateSerializer<>(type, text, annotated));
  }

  /** {@link JavaTimeModule}, registered before this module so that this module's serializers win. */
  @Override
  public Iterable<? extends Module> getDependencies() {
    return List.of(new JavaTimeModule());
  }

  private static final class DotNetDateSerializer<T> extends StdScalarSerializer<T> implements ContextualSerializer {
    private static final long serialVersionUID = 1L;

    private final transient Function<T, String> text;
    private final transient JsonSerializer<?> annotated;

    DotNetDateSerializer(Class<T> type, Function<T, String> text, JsonSerializer<?> annotated) {
      super(type);
      this.text = text;
      this.annotated = annotated;
    }

    @Override
    public void serialize(T value, JsonGenerator g, SerializerProvider provider) throws IOException {
      if (provider.getAttribute(MESSAGEPACK_TIMESTAMPS) != null) {
        g.writeEmbeddedObject(value);
      } else {
        g.writeString(text.apply(value));
      }
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, @Nullable BeanProperty property)
        throws JsonMappingException {
      JsonFormat.Value format = findFormatOverrides(provider, property, handledType());
      boolean custom = format != null && (format.hasPattern()
          || format.hasShape() && format.getShape() != JsonFormat.Shape.ANY && format.getShape() != JsonFormat.Shape.STRING);
      if (custom && annotated instanceof ContextualSerializer contextual) {
        return contextual.createContextual(provider, property);
      }
      return this;
    }
  }
}
