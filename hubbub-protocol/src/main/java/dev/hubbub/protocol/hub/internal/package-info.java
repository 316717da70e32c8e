/** Value converters behind the hub protocols (MessagePack to JSON, trees and back). Not API. */
@NullMarked
package dev.hubbub.protocol.hub.internal;

import org.jspecify.annotations.NullMarked;
