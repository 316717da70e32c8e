package dev.hubbub.transport.internal;

import dev.hubbub.transport.TransferFormat;
import io.netty.buffer.ByteBuf;

/** One queued payload: a retained duplicate owned by the queue, and its framing. */
record Outbound(ByteBuf payload, TransferFormat format) {
}
