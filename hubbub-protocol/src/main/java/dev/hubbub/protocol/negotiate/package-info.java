/**
 * The negotiate step of SignalR's transport protocol ("Http.Connections"): the request's query
 * parameters and the JSON response, in the exact shapes the official clients send and expect. No I/O.
 */
@NullMarked
package dev.hubbub.protocol.negotiate;

import org.jspecify.annotations.NullMarked;
