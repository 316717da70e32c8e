package dev.hubbub.spring.boot.internal;

import dev.hubbub.core.HubSession;
import dev.hubbub.server.HubException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Spring Security around a hub method: the call runs with a {@code SecurityContext} holding the caller (the hub
 * user's name, its roles as {@code ROLE_} authorities and any {@code authority} claims; an anonymous token for
 * anonymous callers), so that method security ({@code @PreAuthorize}, {@code @Secured}, ...) on the hub bean decides
 * as for any bean; a denial becomes a {@link HubException} whose text the client reads in its completion error.
 * Loaded only when Spring Security is present.
 */
final class HubSecurity {
  /** Claim holding Spring Security authorities as they were (the servlet bridge sets it). */
  static final String AUTHORITY_CLAIM = "authority";

  private HubSecurity() {
  }

  static @Nullable Object invokeAs(HubSession caller, MethodInvocation invocation) throws Throwable {
    SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    SecurityContext previous = holder.getContext();
    SecurityContext context = holder.createEmptyContext();
    Authentication authentication = authentication(caller);
    context.setAuthentication(authentication);
    holder.setContext(context);
    try {
      return invocation.proceed();
    } catch (AccessDeniedException | AuthenticationException e) {
      throw new HubException(denied(invocation.getMethod(), authentication));
    } finally {
      holder.setContext(previous);
    }
  }

  static Authentication authentication(HubSession caller) {
    String user = caller.userId();
    if (user == null) {
      return new AnonymousAuthenticationToken("hubbub", "anonymousUser",
          AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    }
    Set<String> names = new LinkedHashSet<>();
    caller.claims().getOrDefault("role", List.of()).forEach(r -> names.add("ROLE_" + r));
    names.addAll(caller.claims().getOrDefault(AUTHORITY_CLAIM, List.of()));
    List<GrantedAuthority> authorities = new ArrayList<>();
    names.forEach(n -> authorities.add(new SimpleGrantedAuthority(n)));
    return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
  }

  /** What the client reads: which method, which rule, who asked, with what. */
  private static String denied(Method method, Authentication caller) {
    String rule = "";
    PreAuthorize pre = AnnotatedElementUtils.findMergedAnnotation(method, PreAuthorize.class);
    if (pre == null) {
      pre = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), PreAuthorize.class);
    }
    PostAuthorize post = AnnotatedElementUtils.findMergedAnnotation(method, PostAuthorize.class);
    if (pre != null) {
      rule = " (@PreAuthorize(\"" + pre.value() + "\"))";
    } else if (post != null) {
      rule = " (@PostAuthorize(\"" + post.value() + "\"))";
    }
    String who = caller instanceof AnonymousAuthenticationToken ? "an anonymous caller"
        : "user '" + caller.getName() + "' with authorities " + AuthorityUtils.authorityListToSet(
            caller.getAuthorities());
    return "Access to '" + method.getName() + "' was denied by Spring Security method security" + rule + " for "
        + who + ".";
  }
}
