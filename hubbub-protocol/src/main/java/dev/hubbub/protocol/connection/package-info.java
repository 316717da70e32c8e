/**
 * Azure SignalR connection strings ({@code Endpoint=...;AccessKey=...;Version=1.0;}): parsing with the
 * official SDK's rules and error texts, derived endpoints and audiences, formatting, and the emulator
 * string.
 */
@NullMarked
package dev.hubbub.protocol.connection;

import org.jspecify.annotations.NullMarked;
