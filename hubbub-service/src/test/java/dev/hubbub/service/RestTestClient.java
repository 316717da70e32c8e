package dev.hubbub.service;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Calls the service's REST API as the management SDK does: a Bearer token whose audience is the URL. */
final class RestTestClient {
  private final HubbubService service;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  RestTestClient(HubbubService service) {
    this.service = service;
  }

  /** A valid token for {@code pathAndQuery}. */
  String token(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    return AccessTokenIssuer.builder(service.options().accessKey()).build()
        .issue("http://localhost" + path, TokenClaims.NONE);
  }

  HttpResponse<String> post(String pathAndQuery, String json) throws IOException, InterruptedException {
    return call("POST", pathAndQuery, "application/json", json, token(pathAndQuery));
  }

  HttpResponse<String> call(String method, String pathAndQuery) throws IOException, InterruptedException {
    return call(method, pathAndQuery, null, (String) null, token(pathAndQuery));
  }

  /** Any request; a null {@code token} sends no Authorization header. */
  HttpResponse<String> call(String method, String pathAndQuery, @Nullable String contentType, @Nullable String body,
      @Nullable String token) throws IOException, InterruptedException {
    return call(method, pathAndQuery, contentType,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body), token);
  }

  HttpResponse<String> call(String method, String pathAndQuery, @Nullable String contentType,
      HttpRequest.BodyPublisher body, @Nullable String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.endpoint() + pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
