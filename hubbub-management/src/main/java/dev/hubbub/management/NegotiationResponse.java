package dev.hubbub.management;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Where a client connects and with which token: what a serverless app's negotiate endpoint returns, so the
 * SignalR client follows it to the service.
 *
 * @param url the client URL, {@code {ClientEndpoint or Endpoint}/client/?hub={hub}}
 * @param accessToken the client's access token, or null
 */
public record NegotiationResponse(String url, @Nullable String accessToken) {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * The body of a {@code POST /negotiate} answer: {@code {"url":"..","accessToken":".."}}, camelCase, null
   * values left out. Serve it with {@code Content-Type: application/json}.
   */
  public String toJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("url", url);
      if (accessToken != null) {
        g.writeStringField("accessToken", accessToken);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Shows the URL; the token is masked. */
  @Override
  public String toString() {
    return "NegotiationResponse[url=" + url + ", accessToken=" + (accessToken == null ? "null" : "***") + "]";
  }
}
