package dev.hubbub.service.internal.rest;

/**
 * The operations of the Azure SignalR data-plane REST API that Hubbub serves, each with its success status
 * under the {@code /api/...?api-version=} style and under the {@code /api/v1/...} style (they differ for a
 * few operations; the management SDK only checks for 2xx, but other clients read them).
 */
public enum RestOperation {
  BROADCAST(202, 202, true),
  SEND_TO_USER(202, 202, true),
  SEND_TO_CONNECTION(202, 202, true),
  SEND_TO_GROUP(202, 202, true),
  CLOSE_ALL_CONNECTIONS(204, 204, false),
  CLOSE_GROUP_CONNECTIONS(204, 204, false),
  CLOSE_USER_CONNECTIONS(204, 204, false),
  CLOSE_CONNECTION(200, 202, false),
  CONNECTION_EXISTS(200, 200, false),
  GROUP_EXISTS(200, 200, false),
  USER_EXISTS(200, 200, false),
  ADD_CONNECTION_TO_GROUP(200, 200, false),
  REMOVE_CONNECTION_FROM_GROUP(200, 200, false),
  REMOVE_CONNECTION_FROM_ALL_GROUPS(200, 200, false),
  USER_IN_GROUP(200, 200, false),
  ADD_USER_TO_GROUP(200, 202, false),
  REMOVE_USER_FROM_GROUP(204, 202, false),
  REMOVE_USER_FROM_ALL_GROUPS(204, 200, false),
  GENERATE_TOKEN(200, 200, false),
  LIST_GROUP_CONNECTIONS(200, 200, false);

  private final int status;
  private final int v1Status;
  private final boolean hasMessageBody;

  RestOperation(int status, int v1Status, boolean hasMessageBody) {
    this.status = status;
    this.v1Status = v1Status;
    this.hasMessageBody = hasMessageBody;
  }

  /** The success status for a request in the given path style. */
  public int successStatus(ApiStyle style) {
    return style == ApiStyle.V1 ? v1Status : status;
  }

  /** Whether the request carries a message ({@code {"target","arguments"}} or the binary form). */
  public boolean hasMessageBody() {
    return hasMessageBody;
  }

  /** The two path styles of the REST API. */
  public enum ApiStyle {
    /** {@code /api/v1/hubs/...}. */
    V1,
    /** {@code /api/hubs/...?api-version=2022-06-01} and later. */
    VERSIONED
  }
}
