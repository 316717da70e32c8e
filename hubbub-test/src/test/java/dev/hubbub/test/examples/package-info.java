/** The examples of docs/testing.md, compiled and run by the build. */
@NullMarked
package dev.hubbub.test.examples;

import org.jspecify.annotations.NullMarked;
