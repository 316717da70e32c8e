/**
 * Hubbub in Spring Boot: {@link dev.hubbub.spring.boot.SignalRHub} hubs as beans served on the application's own
 * port, {@link dev.hubbub.spring.boot.HubContextOf} beans for sends, and the {@code hubbub.signalr.*} settings
 * ({@link dev.hubbub.spring.boot.HubbubSignalRProperties}).
 */
@NullMarked
package dev.hubbub.spring.boot;

import org.jspecify.annotations.NullMarked;
