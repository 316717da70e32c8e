/** The auto-configuration of Hubbub for Spring Boot, registered in {@code AutoConfiguration.imports}. */
@NullMarked
package dev.hubbub.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
