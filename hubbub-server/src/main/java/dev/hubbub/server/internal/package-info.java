@NullMarked
package dev.hubbub.server.internal;

import org.jspecify.annotations.NullMarked;
