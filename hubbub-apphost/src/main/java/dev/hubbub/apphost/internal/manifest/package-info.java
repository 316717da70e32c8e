@NullMarked
package dev.hubbub.apphost.internal.manifest;

import org.jspecify.annotations.NullMarked;
