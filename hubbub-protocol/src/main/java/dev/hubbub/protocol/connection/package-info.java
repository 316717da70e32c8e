/**
 * Azure SignalR connection strings ({@code Endpoint=...;AccessKey=...;Version=1.0;}): parsing with the
 * official SDK's rules and error texts, derived endpoints and audiences, formatting, and the emulator
 * string; and {@link dev.hubbub.protocol.connection.JsonConfiguration}, the {@code appsettings.json} form of
 * the configuration they come from.
 */
@NullMarked
package dev.hubbub.protocol.connection;

import org.jspecify.annotations.NullMarked;
