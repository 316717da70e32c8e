package dev.hubbub.spring.boot.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The first negotiate of each hub, answered by WebFlux (so the application's security filters run on it): a redirect
 * to the same hub on the same port, marked so that the hub transport answers the second negotiate, with a token that
 * carries the authenticated principal's name ({@link PrincipalTokens}). The token is both the marker's value (clients
 * keep the redirect URL's query on every later request, whatever {@code Authorization} header they send) and the
 * redirect's {@code accessToken}.
 */
public final class PrincipalNegotiate {

  private PrincipalNegotiate() {}

  /** The routes for {@code hubPaths}. */
  public static RouterFunction<ServerResponse> routes(List<String> hubPaths, PrincipalTokens tokens) {
    RouterFunctions.Builder routes = RouterFunctions.route();
    for (String path : hubPaths) {
      String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      routes.POST(base + "/negotiate", RequestPredicates.all(), request -> redirect(request, base, tokens));
    }
    return routes.build();
  }

  private static Mono<ServerResponse> redirect(ServerRequest request, String base, PrincipalTokens tokens) {
    return request.principal().map(p -> tokens.issue(p.getName(), PrincipalRoles.of(p)))
        .switchIfEmpty(Mono.fromSupplier(() -> tokens.issue(null)))
        .flatMap(token -> {
          URI uri = request.uri();
          UriComponentsBuilder url = UriComponentsBuilder.newInstance().scheme(uri.getScheme()).host(uri.getHost())
              .port(uri.getPort()).path(base).queryParam(PrincipalTokens.MARKER, token);
          request.queryParams().forEach((name, values) -> {
            if (!name.equals("negotiateVersion") && !name.equals(PrincipalTokens.MARKER)) {
              url.queryParam(name, values.toArray());
            }
          });
          return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
              .bodyValue(Map.of("url", url.build().encode().toUriString(), "accessToken", token));
        });
  }
}
