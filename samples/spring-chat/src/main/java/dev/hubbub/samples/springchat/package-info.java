/** The Spring Boot chat sample. */
@NullMarked
package dev.hubbub.samples.springchat;

import org.jspecify.annotations.NullMarked;
