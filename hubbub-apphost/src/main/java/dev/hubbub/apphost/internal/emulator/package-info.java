@NullMarked
package dev.hubbub.apphost.internal.emulator;

import org.jspecify.annotations.NullMarked;
