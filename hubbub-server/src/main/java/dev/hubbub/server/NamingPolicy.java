package dev.hubbub.server;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import org.jspecify.annotations.Nullable;

/**
 * How the properties of objects in hub method arguments and results are named on the wire, in both hub
 * protocols, like System.Text.Json's {@code PropertyNamingPolicy} in ASP.NET Core. Names set per field or
 * component ({@code @JsonProperty}) are kept as written.
 */
public enum NamingPolicy {
  /**
   * camelCase, as ASP.NET Core's JSON protocol writes by default ({@code UserName} and {@code URL} become
   * {@code userName} and {@code url}).
   */
  CAMEL_CASE(new DotNetCamelCase()),
  /** The Java names as declared (ASP.NET Core's {@code PropertyNamingPolicy = null}). */
  AS_DECLARED(null),
  /** PascalCase ({@code userName} becomes {@code UserName}), for clients that expect .NET's declared names. */
  PASCAL_CASE(PropertyNamingStrategies.UPPER_CAMEL_CASE),
  /** snake_case ({@code userName} becomes {@code user_name}). */
  SNAKE_CASE(PropertyNamingStrategies.SNAKE_CASE);

  private final @Nullable PropertyNamingStrategy strategy;

  NamingPolicy(@Nullable PropertyNamingStrategy strategy) {
    this.strategy = strategy;
  }

  /** The Jackson strategy, or null for the declared names. */
  public @Nullable PropertyNamingStrategy strategy() {
    return strategy;
  }

  /**
   * System.Text.Json's camel case: a leading run of upper-case letters is lower-cased, except the last one when a
   * lower-case letter follows it ({@code URLValue} becomes {@code urlValue}, {@code ID} becomes {@code id}).
   */
  static final class DotNetCamelCase extends PropertyNamingStrategies.NamingBase {
    private static final long serialVersionUID = 1L;

    @Override
    public String translate(String name) {
      if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
        return name;
      }
      char[] chars = name.toCharArray();
      for (int i = 0; i < chars.length; i++) {
        if (i == 1 && !Character.isUpperCase(chars[i])) {
          break;
        }
        boolean hasNext = i + 1 < chars.length;
        if (i > 0 && hasNext && !Character.isUpperCase(chars[i + 1])) {
          if (chars[i + 1] == ' ') {
            chars[i] = Character.toLowerCase(chars[i]);
          }
          break;
        }
        chars[i] = Character.toLowerCase(chars[i]);
      }
      return new String(chars);
    }
  }
}
