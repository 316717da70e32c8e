@NullMarked
package dev.hubbub.apphost.internal.bicep;

import org.jspecify.annotations.NullMarked;
