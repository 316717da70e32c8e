package dev.hubbub.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS through the Netty exchange against a JDK HTTPS server on loopback with a self-signed certificate made
 * by {@code keytool}: the certificate's name must match the endpoint's host (hostname verification is on).
 */
class NettyRestExchangeTlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  Path dir;

  private KeyStore keyStore(String san) throws Exception {
    Path file = dir.resolve(san.replace(':', '_') + ".p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=hubbub-test",
        "-ext", "SAN=" + san, "-validity", "2", "-keystore", file.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  private static HttpsServer httpsServer(KeyStore ks) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "secure".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  /** An HTTPS server with {@code ks}'s certificate and an exchange that trusts it; closing stops both. */
  private record Tls(HttpsServer server, NettyRestExchange exchange, URI endpoint) implements AutoCloseable {
    static Tls start(KeyStore ks) throws Exception {
      HttpsServer server = httpsServer(ks);
      try {
        SslContext trust = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
            .trustManager((X509Certificate) ks.getCertificate("server")).build();
        URI endpoint = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
        return new Tls(server, new NettyRestExchange(endpoint, Duration.ofSeconds(5), 2, 10, trust), endpoint);
      } catch (Exception | Error e) {
        server.stop(0);
        throw e;
      }
    }

    CompletableFuture<RestResponse> get() {
      return exchange.exchange("GET", URI.create(endpoint + "/api/health"), Map.of(), null, Duration.ofSeconds(10));
    }

    @Override
    public void close() {
      try {
        exchange.close();
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void aTrustedCertificateNamingTheHostIsAccepted() throws Exception {
    try (Tls tls = Tls.start(keyStore("ip:127.0.0.1"))) {
      RestResponse r = tls.get().get(10, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("secure");
    }
  }

  @Test
  void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
    try (Tls tls = Tls.start(keyStore("dns:wrong.example"))) {
      CompletableFuture<RestResponse> call = tls.get();
      Throwable failure = null;
      try {
        call.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException ex) {
        failure = ex.getCause();
      }
      assertThat(failure).isInstanceOf(IOException.class)
          .hasStackTraceContaining("subject alternative names matching IP address 127.0.0.1");
    }
  }
}
