package dev.hubbub.transport;

/**
 * Decides whether a negotiate or connection request (WebSocket, SSE, poll, send, delete) may go on.
 * Runs on an event loop: validating a JWT is fine, calling a remote identity provider is not.
 * {@link TransportRequest#accessToken()} finds the token where the official clients put it.
 */
@FunctionalInterface
public interface Authenticator {

  /** Lets every request through anonymously. */
  Authenticator ANONYMOUS = (request, application) -> AuthResult.anonymous();

  /**
   * @param request the HTTP request
   * @param application the application the route resolved the request to
   */
  AuthResult authenticate(TransportRequest request, TransportApplication application);
}
