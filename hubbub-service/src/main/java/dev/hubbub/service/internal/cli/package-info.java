@NullMarked
package dev.hubbub.service.internal.cli;

import org.jspecify.annotations.NullMarked;
