package dev.hubbub.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The hub of an injected {@code ServiceHubContext} parameter or field:
 * {@code void test(@HubName("chat") ServiceHubContext chat)}.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface HubName {
  /** The hub name, as the management SDK takes it. */
  String value();
}
