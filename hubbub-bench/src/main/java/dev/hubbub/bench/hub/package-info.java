@NullMarked
package dev.hubbub.bench.hub;

import org.jspecify.annotations.NullMarked;
