@NullMarked
package dev.hubbub.bench.load;

import org.jspecify.annotations.NullMarked;
