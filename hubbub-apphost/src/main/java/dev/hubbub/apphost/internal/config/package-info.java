@NullMarked
package dev.hubbub.apphost.internal.config;

import org.jspecify.annotations.NullMarked;
