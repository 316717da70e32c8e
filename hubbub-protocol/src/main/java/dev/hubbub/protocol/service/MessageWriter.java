package dev.hubbub.protocol.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Writes the fields of one service message array with the smallest MessagePack encodings, as the SDK does. */
final class MessageWriter {
  // msgpack's default first chunk is 8 KiB, allocated and zeroed per message: most service messages are a few
  // hundred bytes (the hub protocol's writer starts at 512 too); larger ones grow by further chunks
  private static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(512);

  private final MessageBufferPacker packer = PACKER.newBufferPacker();

  MessageWriter begin(int type, int elements) {
    return run(() -> {
      packer.packArrayHeader(elements);
      packer.packInt(type);
    });
  }

  MessageWriter string(@Nullable String value) {
    return run(() -> {
      if (value == null) {
        packer.packNil();
      } else {
        packer.packString(value);
      }
    });
  }

  MessageWriter int32(int value) {
    return run(() -> packer.packInt(value));
  }

  /** An int32 always as {@code 0xd2} plus four big-endian bytes, as the SDK writes flow-control fields. */
  MessageWriter fixedInt32(int value) {
    return run(() -> packer.writePayload(ByteBuffer.allocate(5).put((byte) 0xd2).putInt(value).array()));
  }

  MessageWriter bool(boolean value) {
    return run(() -> packer.packBoolean(value));
  }

  MessageWriter bytes(@Nullable ByteBuffer value) {
    return run(() -> {
      if (value == null) {
        packer.packNil();
      } else {
        byte[] b = Payloads.toArray(value);
        packer.packBinaryHeader(b.length);
        packer.writePayload(b);
      }
    });
  }

  MessageWriter stringList(List<String> values) {
    return run(() -> {
      packer.packArrayHeader(values.size());
      for (String v : values) {
        packer.packString(v);
      }
    });
  }

  MessageWriter claims(List<Claim> claims) {
    return run(() -> {
      packer.packMapHeader(claims.size());
      for (Claim c : claims) {
        packer.packString(c.type());
        packer.packString(c.value());
      }
    });
  }

  MessageWriter headers(Map<String, List<String>> headers) {
    return run(() -> {
      packer.packMapHeader(headers.size());
      for (Map.Entry<String, List<String>> h : headers.entrySet()) {
        packer.packString(h.getKey());
        packer.packArrayHeader(h.getValue().size());
        for (String v : h.getValue()) {
          packer.packString(v);
        }
      }
    });
  }

  MessageWriter payloads(Payloads payloads) {
    return run(() -> {
      packer.packMapHeader(payloads.size());
      for (Map.Entry<String, ByteBuffer> e : payloads.entries()) {
        packer.packString(e.getKey());
        byte[] b = Payloads.toArray(e.getValue());
        packer.packBinaryHeader(b.length);
        packer.writePayload(b);
      }
    });
  }

  /** The extension map with only the keys in {@code allowed} (bit {@code 1 << key}) that are set. */
  MessageWriter extensions(MessageExtensions ext, int allowed) {
    return run(() -> {
      Long tracingId = allowed(allowed, MessageExtensions.TRACING_ID) ? ext.tracingId() : null;
      Integer ttl = allowed(allowed, MessageExtensions.TTL) ? ext.ttl() : null;
      String protocol = allowed(allowed, MessageExtensions.PROTOCOL) ? ext.protocol() : null;
      String filter = allowed(allowed, MessageExtensions.FILTER) ? ext.filter() : null;
      Integer dataType = allowed(allowed, MessageExtensions.DATA_MESSAGE_TYPE) ? ext.dataMessageType() : null;
      Boolean partial = allowed(allowed, MessageExtensions.IS_PARTIAL) ? ext.isPartial() : null;
      int count = (tracingId != null ? 1 : 0) + (ttl != null ? 1 : 0) + (protocol != null ? 1 : 0)
          + (filter != null ? 1 : 0) + (dataType != null ? 1 : 0) + (partial != null ? 1 : 0);
      packer.packMapHeader(count);
      if (tracingId != null) {
        packer.packInt(MessageExtensions.TRACING_ID);
        long id = tracingId;
        if (id >= 0) {
          packer.packLong(id);
        } else {
          packer.packBigInteger(new BigInteger(Long.toUnsignedString(id)));
        }
      }
      if (ttl != null) {
        packer.packInt(MessageExtensions.TTL);
        packer.packInt(ttl);
      }
      if (protocol != null) {
        packer.packInt(MessageExtensions.PROTOCOL);
        packer.packString(protocol);
      }
      if (filter != null) {
        packer.packInt(MessageExtensions.FILTER);
        packer.packString(filter);
      }
      if (dataType != null) {
        packer.packInt(MessageExtensions.DATA_MESSAGE_TYPE);
        packer.packInt(dataType);
      }
      if (partial != null) {
        packer.packInt(MessageExtensions.IS_PARTIAL);
        packer.packBoolean(partial);
      }
    });
  }

  private static boolean allowed(int allowed, int key) {
    return (allowed & (1 << key)) != 0;
  }

  byte[] toByteArray() {
    return packer.toByteArray();
  }

  private interface Write {
    void write() throws IOException;
  }

  private MessageWriter run(Write write) {
    try {
      write.write();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    }
    return this;
  }
}
