package dev.hubbub.spring.boot.internal;

import java.security.Principal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.ClassUtils;

/**
 * The roles of a Spring Security principal, for hub code's {@code @Authorize(roles = ...)}: its {@code ROLE_}
 * authorities without the prefix ({@code ROLE_ADMIN} is role {@code ADMIN}), as Spring's {@code hasRole} reads them.
 * Without Spring Security on the classpath there are none.
 */
public final class PrincipalRoles {
  private static final boolean SECURITY = ClassUtils.isPresent(
      "org.springframework.security.core.Authentication", PrincipalRoles.class.getClassLoader());

  private PrincipalRoles() {
  }

  /** The roles of {@code principal}, empty when it has none or is not a Spring Security authentication. */
  public static List<String> of(@Nullable Principal principal) {
    return SECURITY && principal != null ? Security.roles(principal) : List.of();
  }

  /** Every authority of {@code principal} as Spring Security names it, empty when it is no authentication. */
  public static List<String> authorities(@Nullable Principal principal) {
    return SECURITY && principal != null ? Security.authorities(principal) : List.of();
  }

  /** Loaded only when Spring Security is present. */
  private static final class Security {
    static List<String> authorities(Principal principal) {
      if (!(principal instanceof Authentication authentication)) {
        return List.of();
      }
      return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
          .filter(a -> a != null).toList();
    }

    static List<String> roles(Principal principal) {
      if (!(principal instanceof Authentication authentication)) {
        return List.of();
      }
      return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
          .filter(a -> a != null && a.startsWith("ROLE_")).map(a -> a.substring("ROLE_".length())).toList();
    }
  }
}
