@NullMarked
package dev.hubbub.bench.protocol;

import org.jspecify.annotations.NullMarked;
