package dev.hubbub.service.upstream;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-ASRS-Signature} header of upstream requests: {@code sha256=<hex HMAC-SHA256 of the connection
 * id keyed by the UTF-8 access key>}, one per access key, comma-joined. Receivers compare case-insensitively.
 */
public final class UpstreamSignature {
  private UpstreamSignature() {}

  /** The header value for {@code connectionId} signed with every key in {@code accessKeys}. */
  public static String sign(String connectionId, List<String> accessKeys) {
    return accessKeys.stream().map(key -> "sha256=" + hmac(key, connectionId)).collect(Collectors.joining(","));
  }

  /** Whether {@code header} carries a valid signature of {@code connectionId} by {@code accessKey}. */
  public static boolean verify(String header, String connectionId, String accessKey) {
    String expected = "sha256=" + hmac(accessKey, connectionId);
    for (String part : header.split(",")) {
      if (part.trim().equalsIgnoreCase(expected)) {
        return true;
      }
    }
    return false;
  }

  private static String hmac(String key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
