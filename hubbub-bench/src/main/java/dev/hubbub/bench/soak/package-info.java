/** The load generator's soak: hours of mixed traffic with every delivery checked. */
@NullMarked
package dev.hubbub.bench.soak;

import org.jspecify.annotations.NullMarked;
