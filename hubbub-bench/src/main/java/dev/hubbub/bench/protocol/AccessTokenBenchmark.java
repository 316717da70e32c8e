package dev.hubbub.bench.protocol;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.AccessTokenVerifier;
import dev.hubbub.protocol.auth.InvalidAccessTokenException;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.auth.VerifiedToken;
import dev.hubbub.protocol.connection.ConnectionString;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The service's check of a client's access token when it connects: a token as negotiate issues it (user id, a
 * hub audience, an hour's lifetime), verified against the URL the client connects to. Every client connection
 * brings its own token, so nothing of a previous verification of the same token may be reused here; what a
 * verifier may share across tokens (a parsed header, a parsed audience) it shares.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessTokenBenchmark {
  private static final String KEY = ConnectionString.EMULATOR_ACCESS_KEY;

  private final AccessTokenVerifier verifier = AccessTokenVerifier.builder(KEY).build();
  private final URI url = URI.create("http://localhost:8888/client/?hub=chat&id=Xb3kQ9sVt2LmN8pR4wYz1A");
  private String token;

  @Setup
  public void setUp() {
    token = AccessTokenIssuer.builder(KEY).build()
        .issue("http://localhost:8888/client/?hub=chat", TokenClaims.builder().userId("alice").build());
  }

  /** What a client connection costs the service, with the URL given as a {@link URI}. */
  @Benchmark
  public VerifiedToken verifyClientToken() throws InvalidAccessTokenException {
    return verifier.verify(token, url);
  }
}
