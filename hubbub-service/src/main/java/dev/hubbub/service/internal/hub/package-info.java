@NullMarked
package dev.hubbub.service.internal.hub;

import org.jspecify.annotations.NullMarked;
