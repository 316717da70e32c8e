@NullMarked
package dev.hubbub.service.internal.telemetry;

import org.jspecify.annotations.NullMarked;
