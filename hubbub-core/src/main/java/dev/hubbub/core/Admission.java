package dev.hubbub.core;

import java.util.Objects;

/** What an endpoint decides for a client whose handshake request is valid; see {@link HubEndpoint#admit}. */
public sealed interface Admission {

  /** Serve the client here: the hub layer answers the handshake and reads its messages. */
  static Admission serve() {
    return Serve.ANSWERED;
  }

  /**
   * Serve the client here without answering its handshake: a client that migrated from another app server
   * behind the service got its answer there.
   */
  static Admission serveMigrated() {
    return Serve.MIGRATED;
  }

  /** Refuse the client: the handshake is answered with {@code error} and the channel closes. */
  static Admission refuse(String error) {
    return new Refuse(error);
  }

  /**
   * Someone else took the client (an app server behind the service): the hub layer sends no handshake answer,
   * reads no messages and keeps the client neither alive nor timed out; it only knows its protocol, so that
   * sends to it are encoded right.
   */
  static Admission handedOff() {
    return HandedOff.INSTANCE;
  }

  /** See {@link #serve()} and {@link #serveMigrated()}. */
  enum Serve implements Admission { ANSWERED, MIGRATED }

  /** See {@link #handedOff()}. */
  enum HandedOff implements Admission { INSTANCE }

  /** See {@link #refuse(String)}. */
  record Refuse(String error) implements Admission {
    public Refuse {
      Objects.requireNonNull(error, "error");
    }
  }
}
