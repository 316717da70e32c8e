package dev.hubbub.protocol.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import org.msgpack.core.MessagePacker;

/**
 * Writes a Jackson tree as MessagePack the way .NET's MessagePack serializer writes the same values: the
 * smallest integer encoding, float64 for decimals, {@code bin} for byte arrays, maps keyed by property name,
 * timestamps for dates the tree holds as objects.
 */
public final class TreeToMessagePack {
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private TreeToMessagePack() {}

  /** Packs {@code node} (a tree from JSON or from Jackson serialization of a Java value). */
  public static void write(JsonNode node, MessagePacker out) throws IOException {
    switch (node.getNodeType()) {
      case NULL, MISSING -> out.packNil();
      case BOOLEAN -> out.packBoolean(node.booleanValue());
      case STRING -> out.packString(node.textValue());
      case BINARY -> {
        byte[] bytes = node.binaryValue();
        out.packBinaryHeader(bytes.length);
        out.writePayload(bytes);
      }
      case NUMBER -> writeNumber(node, out);
      case ARRAY -> {
        out.packArrayHeader(node.size());
        for (JsonNode item : node) {
          write(item, out);
        }
      }
      case OBJECT -> {
        out.packMapHeader(node.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          out.packString(field.getKey());
          write(field.getValue(), out);
        }
      }
      case POJO -> {
        // Dates kept as embedded objects for MessagePack (see HubDateTimeModule), or values Jackson could not
        // turn into a tree (a raw embedded object): keep their text.
        Object pojo = ((com.fasterxml.jackson.databind.node.POJONode) node).getPojo();
        java.time.Instant instant = Timestamps.instantOf(pojo);
        if (instant != null) {
          Timestamps.write(out, instant);
        } else if (pojo instanceof byte[] bytes) {
          out.packBinaryHeader(bytes.length);
          out.writePayload(bytes);
        } else if (pojo == null) {
          out.packNil();
        } else {
          out.packString(pojo.toString());
        }
      }
    }
  }

  private static void writeNumber(JsonNode node, MessagePacker out) throws IOException {
    if (node.canConvertToLong() && node.isIntegralNumber()) {
      out.packLong(node.longValue());
    } else if (node.isBigInteger()) {
      BigInteger value = node.bigIntegerValue();
      if (value.signum() > 0 && value.compareTo(UINT64_MAX) <= 0) {
        out.packBigInteger(value);
      } else {
        // Beyond int64/uint64 MessagePack has no integer; .NET would fail, a double keeps the magnitude.
        out.packDouble(value.doubleValue());
      }
    } else if (node.isFloat()) {
      out.packFloat(node.floatValue());
    } else {
      out.packDouble(node.doubleValue());
    }
  }
}
