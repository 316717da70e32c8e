package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * Settings of a hub protocol.
 *
 * @param maxMessageSize the largest message accepted, in bytes, framing excluded (ASP.NET's
 *     {@code MaximumReceiveMessageSize}, 32 KB by default)
 * @param mapper serializes Java values and binds arguments; raw values never go through it
 */
public record HubProtocolOptions(int maxMessageSize, ObjectMapper mapper) {
  /** 32 KB messages, a plain {@link ObjectMapper}. */
  public static final HubProtocolOptions DEFAULTS = new HubProtocolOptions(32 * 1024, new ObjectMapper());

  /** Validates the settings. */
  public HubProtocolOptions {
    if (maxMessageSize <= 0) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
    }
    Objects.requireNonNull(mapper, "mapper");
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
