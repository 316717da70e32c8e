@NullMarked
package dev.hubbub.protocol.framing;

import org.jspecify.annotations.NullMarked;
