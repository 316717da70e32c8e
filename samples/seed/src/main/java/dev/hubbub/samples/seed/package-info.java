@NullMarked
package dev.hubbub.samples.seed;

import org.jspecify.annotations.NullMarked;
