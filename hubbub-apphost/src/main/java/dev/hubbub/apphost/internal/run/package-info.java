@NullMarked
package dev.hubbub.apphost.internal.run;

import org.jspecify.annotations.NullMarked;
