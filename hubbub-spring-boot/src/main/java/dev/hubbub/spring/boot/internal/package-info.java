/** Not API: the Netty glue and helpers of the Spring Boot integration. */
@NullMarked
package dev.hubbub.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
