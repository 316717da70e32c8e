package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * One claim of an {@link OpenConnectionMessage}. Claims travel as a MessagePack map of type to value in
 * which a type may repeat, so they are kept as an ordered list.
 *
 * @param type the claim type, e.g. {@code asrs.s.uid} or a long .NET claim type URI
 * @param value the claim value
 */
public record Claim(String type, String value) {
  /** Checks both parts are present. */
  public Claim {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }
}
