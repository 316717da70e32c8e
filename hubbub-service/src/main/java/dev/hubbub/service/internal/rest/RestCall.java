package dev.hubbub.service.internal.rest;

import dev.hubbub.service.internal.rest.RestOperation.ApiStyle;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A routed REST request: the operation and its decoded, validated parameters.
 *
 * @param hub the internal hub key: lower-cased, prefixed {@code application_} when the request names an
 *     application, as every SDK does
 * @param excluded connection ids to leave out of a send or close
 * @param ttlSeconds time to live of a user's group membership; null when not given
 */
public record RestCall(
    RestOperation operation,
    ApiStyle style,
    String hub,
    @Nullable String user,
    @Nullable String group,
    @Nullable String connectionId,
    List<String> excluded,
    @Nullable String reason,
    @Nullable Integer ttlSeconds,
    Map<String, List<String>> query) {

  /** The first value of a query parameter (names compared case-insensitively), or null. */
  public @Nullable String queryValue(String name) {
    return RestRouter.first(query, name);
  }

  /** The user of an operation that names one (the router checked it is there). */
  public String requiredUser() {
    return required(user, "user");
  }

  /** The group of an operation that names one. */
  public String requiredGroup() {
    return required(group, "group");
  }

  /** The connection of an operation that names one. */
  public String requiredConnectionId() {
    return required(connectionId, "connection id");
  }

  private String required(@Nullable String value, String what) {
    if (value == null) {
      throw new IllegalStateException(operation + " has no " + what);
    }
    return value;
  }
}
