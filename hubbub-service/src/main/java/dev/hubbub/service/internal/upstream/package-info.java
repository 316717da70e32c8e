@NullMarked
package dev.hubbub.service.internal.upstream;

import org.jspecify.annotations.NullMarked;
