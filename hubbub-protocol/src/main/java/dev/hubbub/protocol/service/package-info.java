/**
 * The Azure SignalR service protocol (Default mode, app server to service): one record per message type,
 * MessagePack encoding byte-compatible with the official SDK, legacy layouts, and framed reading.
 */
@NullMarked
package dev.hubbub.protocol.service;

import org.jspecify.annotations.NullMarked;
