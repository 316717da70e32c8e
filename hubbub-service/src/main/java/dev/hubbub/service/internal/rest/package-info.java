@NullMarked
package dev.hubbub.service.internal.rest;

import org.jspecify.annotations.NullMarked;
