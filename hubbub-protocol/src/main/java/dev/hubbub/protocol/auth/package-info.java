/**
 * Access tokens as Azure SignalR Service and its SDKs use them: HMAC-signed JWTs keyed by the UTF-8 bytes
 * of the access key, their audiences, the {@code asrs.s.*} claims, issuing and verifying.
 */
@NullMarked
package dev.hubbub.protocol.auth;

import org.jspecify.annotations.NullMarked;
