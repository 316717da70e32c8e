@NullMarked
package dev.hubbub.apphost.internal.model;

import org.jspecify.annotations.NullMarked;
