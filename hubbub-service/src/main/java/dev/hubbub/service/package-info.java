@NullMarked
package dev.hubbub.service;

import org.jspecify.annotations.NullMarked;
