package dev.hubbub.service.internal.rest;

import dev.hubbub.protocol.HubNames;

/** The naming rules of the data-plane API, with the error texts the service documents. */
public final class NameRules {
  static final int MAX_GROUP_LENGTH = 1024;
  static final int MAX_USER_LENGTH = 1024;

  static final String INVALID_HUB = HubNames.INVALID_HUB;
  static final String INVALID_APPLICATION = HubNames.INVALID_APPLICATION;
  static final String INVALID_GROUP =
      "Invalid group name. Valid group name should be in between 1 and 1024 characters long.";
  static final String INVALID_USER =
      "Invalid user id. Valid user id should be in between 1 and 1024 characters long.";
  static final String INVALID_CONNECTION =
      "Invalid connection id. Valid connection id should be more than 1 characters long";

  private NameRules() {}

  /** Whether {@code hub} is a valid hub (or application) name. */
  public static boolean isValidHub(String hub) {
    return HubNames.isValid(hub);
  }

  static String hub(String hub) throws RestException {
    if (!isValidHub(hub)) {
      throw RestException.badRequest(INVALID_HUB);
    }
    return hub;
  }

  static String application(String application) throws RestException {
    if (!isValidHub(application)) {
      throw RestException.badRequest(INVALID_APPLICATION);
    }
    return application;
  }

  static String group(String group) throws RestException {
    if (group.isEmpty() || group.length() > MAX_GROUP_LENGTH || group.isBlank()) {
      throw RestException.badRequest(INVALID_GROUP);
    }
    return group;
  }

  static String user(String user) throws RestException {
    if (user.isEmpty() || user.length() > MAX_USER_LENGTH || user.isBlank()) {
      throw RestException.badRequest(INVALID_USER);
    }
    return user;
  }

  static String connection(String connectionId) throws RestException {
    if (connectionId.isBlank()) {
      throw RestException.badRequest(INVALID_CONNECTION);
    }
    return connectionId;
  }
}
