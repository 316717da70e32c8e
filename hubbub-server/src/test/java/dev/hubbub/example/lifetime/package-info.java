/** A lifetime manager written against the public seam only, as a backplane module would be. */
@NullMarked
package dev.hubbub.example.lifetime;

import org.jspecify.annotations.NullMarked;
