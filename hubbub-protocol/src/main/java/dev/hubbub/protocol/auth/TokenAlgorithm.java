package dev.hubbub.protocol.auth;

import com.nimbusds.jose.JWSAlgorithm;

/** The HMAC algorithms Azure SignalR tokens use; the SDKs default to HS256 and offer HS512. */
public enum TokenAlgorithm {
  /** HMAC-SHA256, the default; needs an access key of at least 32 bytes. */
  HS256(JWSAlgorithm.HS256, 32),
  /** HMAC-SHA384; needs an access key of at least 48 bytes. */
  HS384(JWSAlgorithm.HS384, 48),
  /** HMAC-SHA512; needs an access key of at least 64 bytes. */
  HS512(JWSAlgorithm.HS512, 64);

  private final JWSAlgorithm jws;
  private final int minKeyBytes;

  TokenAlgorithm(JWSAlgorithm jws, int minKeyBytes) {
    this.jws = jws;
    this.minKeyBytes = minKeyBytes;
  }

  /** The JOSE algorithm. */
  JWSAlgorithm jws() {
    return jws;
  }

  /** The shortest key, in UTF-8 bytes, this algorithm accepts (JOSE: key at least as long as the hash). */
  public int minKeyBytes() {
    return minKeyBytes;
  }
}
