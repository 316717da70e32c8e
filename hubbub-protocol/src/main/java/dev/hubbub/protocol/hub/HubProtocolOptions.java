package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Objects;

/**
 * Settings of a hub protocol.
 *
 * @param maxMessageSize the largest message accepted, in bytes, framing excluded (ASP.NET's
 *     {@code MaximumReceiveMessageSize}, 32 KB by default)
 * @param mapper serializes Java values and binds arguments; raw values never go through it. The default is
 *     {@link #newDefaultMapper()}; a mapper of your own is used as it is (register {@link HubDateTimeModule}
 *     on it for dates as ASP.NET Core writes them)
 */
public record HubProtocolOptions(int maxMessageSize, ObjectMapper mapper) {
  /** 32 KB messages, a {@link #newDefaultMapper()}. */
  public static final HubProtocolOptions DEFAULTS = new HubProtocolOptions(32 * 1024, newDefaultMapper());

  /** Validates the settings. */
  public HubProtocolOptions {
    if (maxMessageSize <= 0) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
    }
    Objects.requireNonNull(mapper, "mapper");
  }

  /**
   * A new mapper as the hub protocols use by default: a plain {@link ObjectMapper} plus {@link HubDateTimeModule}
   * (so {@code java.time} values and {@link java.util.Date} are ISO-8601 text as System.Text.Json writes it,
   * and MessagePack timestamps), dates written as text rather than numbers, and offsets read as sent rather
   * than moved to UTC (a {@code DateTimeOffset}'s offset survives into an {@link java.time.OffsetDateTime}).
   * Start from it to customize the mapper without losing the date handling.
   */
  public static ObjectMapper newDefaultMapper() {
    return JsonMapper.builder()
        .addModule(new HubDateTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .build();
  }

  /** A builder starting from {@link #DEFAULTS}. */
  public static Builder builder() {
    return DEFAULTS.toBuilder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public String toString() {
    return "HubProtocolOptions[maxMessageSize=" + maxMessageSize + ", mapper="
        + mapper.getClass().getName() + "]";
  }

  /** Builds {@link HubProtocolOptions}. */
  public static final class Builder {
    private int maxMessageSize;
    private ObjectMapper mapper;

    private Builder(HubProtocolOptions from) {
      this.maxMessageSize = from.maxMessageSize;
      this.mapper = from.mapper;
    }

    /** The largest message accepted, in bytes. */
    public Builder maxMessageSize(int maxMessageSize) {
      this.maxMessageSize = maxMessageSize;
      return this;
    }

    /** The mapper for Java values and binding. */
    public Builder mapper(ObjectMapper mapper) {
      this.mapper = mapper;
      return this;
    }

    /** The settings. */
    public HubProtocolOptions build() {
      return new HubProtocolOptions(maxMessageSize, mapper);
    }
  }
}
