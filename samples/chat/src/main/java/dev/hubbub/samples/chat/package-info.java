@NullMarked
package dev.hubbub.samples.chat;

import org.jspecify.annotations.NullMarked;
