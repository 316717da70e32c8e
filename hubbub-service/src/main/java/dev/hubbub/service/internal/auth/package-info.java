@NullMarked
package dev.hubbub.service.internal.auth;

import org.jspecify.annotations.NullMarked;
