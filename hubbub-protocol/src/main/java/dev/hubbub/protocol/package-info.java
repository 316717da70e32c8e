@NullMarked
package dev.hubbub.protocol;

import org.jspecify.annotations.NullMarked;
