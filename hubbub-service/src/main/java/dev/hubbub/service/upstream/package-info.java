@NullMarked
package dev.hubbub.service.upstream;

import org.jspecify.annotations.NullMarked;
