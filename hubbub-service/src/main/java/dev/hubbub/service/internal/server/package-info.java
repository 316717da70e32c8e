@NullMarked
package dev.hubbub.service.internal.server;

import org.jspecify.annotations.NullMarked;
