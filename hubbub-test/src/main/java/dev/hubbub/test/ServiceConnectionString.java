package dev.hubbub.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the service's connection string ({@code Endpoint=http://localhost:<port>;AccessKey=...;Version=1.0;})
 * into a {@code String} parameter or field: what an app under test gets as {@code ConnectionStrings__signalr}.
 * It holds the access key: do not log it.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ServiceConnectionString {}
