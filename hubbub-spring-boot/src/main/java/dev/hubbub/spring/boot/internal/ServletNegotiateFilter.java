package dev.hubbub.spring.boot.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The servlet stack's way in (Tomcat, Spring MVC): the hubs run on a port of their own beside the servlet container,
 * and this filter answers each hub's negotiate on the application's port with a redirect there, carrying the
 * request's principal ({@link PrincipalTokens}). Clients keep the application's URL; the SignalR clients follow the
 * redirect as they follow Azure SignalR Service's.
 */
public final class ServletNegotiateFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  private final Set<String> negotiatePaths;
  private final transient PrincipalTokens tokens;
  private final transient IntSupplier hubPort;

  /**
   * @param hubPaths the hubs' paths ({@code /chat})
   * @param hubPort the port the hub server listens on
   */
  public ServletNegotiateFilter(Set<String> hubPaths, PrincipalTokens tokens, IntSupplier hubPort) {
    this.negotiatePaths = hubPaths.stream().map(p -> (p.endsWith("/") ? p.substring(0, p.length() - 1) : p)
        + "/negotiate").collect(java.util.stream.Collectors.toUnmodifiableSet());
    this.tokens = tokens;
    this.hubPort = hubPort;
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!"POST".equals(request.getMethod()) || !negotiatePaths.contains(path)) {
      chain.doFilter(request, response);
      return;
    }
    Principal principal = request.getUserPrincipal();
    String token = principal == null ? tokens.issue(null) : tokens.issue(principal.getName(), PrincipalRoles.of(principal));
    String hub = path.substring(0, path.length() - "/negotiate".length());
    String url = request.getScheme() + "://" + hostOnly(request.getServerName()) + ":" + hubPort.getAsInt() + hub
        + "?" + PrincipalTokens.MARKER + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    response.setStatus(200);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write("{\"url\":\"" + url + "\",\"accessToken\":\"" + token + "\"}");
  }

  private static String hostOnly(String serverName) {
    return serverName.contains(":") && !serverName.startsWith("[") ? "[" + serverName + "]" : serverName;
  }
}
