package dev.hubbub.protocol.negotiate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The body of a negotiate response, in one of three shapes:
 *
 * <ul>
 *   <li>a <b>connection</b>: {@code {"useStatefulReconnect":true,"negotiateVersion":1,"connectionId":"..",
 *       "connectionToken":"..","availableTransports":[..]}} ({@code useStatefulReconnect} only when
 *       true, {@code connectionToken} only when the version is above 0);
 *   <li>a <b>redirect</b>: {@code {"url":"..","accessToken":".."}} (what Azure SignalR's SDKs and
 *       Functions return), or the ASP.NET Core form {@code {"negotiateVersion":0,"url":"..",
 *       "accessToken":"..","availableTransports":[]}};
 *   <li>an <b>error</b>: {@code {"error":".."}}; the client fails its start with that text.
 * </ul>
 *
 * <p>{@link #toJson()} writes the keys in ASP.NET Core's order, which clients do not depend on but
 * golden tests do. {@link #parse(byte[])} reads any of the shapes (clients, tests, the hub server).
 */
public final class NegotiateResponse {

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

  private final boolean compactRedirect;
  private final boolean useStatefulReconnect;
  private final int negotiateVersion;
  private final @Nullable String url;
  private final @Nullable String accessToken;
  private final @Nullable String connectionId;
  private final @Nullable String connectionToken;
  private final List<AvailableTransport> availableTransports;
  private final @Nullable String error;

  private NegotiateResponse(boolean compactRedirect, boolean useStatefulReconnect, int negotiateVersion,
      @Nullable String url, @Nullable String accessToken, @Nullable String connectionId,
      @Nullable String connectionToken, List<AvailableTransport> availableTransports,
      @Nullable String error) {
    this.compactRedirect = compactRedirect;
    this.useStatefulReconnect = useStatefulReconnect;
    this.negotiateVersion = negotiateVersion;
    this.url = url;
    this.accessToken = accessToken;
    this.connectionId = connectionId;
    this.connectionToken = connectionToken;
    this.availableTransports = List.copyOf(availableTransports);
    this.error = error;
  }

  /**
   * A new connection. {@code connectionToken} is written only when {@code negotiateVersion > 0}
   * (in version 0 the client uses the connection id as its token).
   */
  public static NegotiateResponse connection(int negotiateVersion, String connectionId,
      String connectionToken, boolean useStatefulReconnect, List<AvailableTransport> transports) {
    return new NegotiateResponse(false, useStatefulReconnect, negotiateVersion, null, null,
        Objects.requireNonNull(connectionId, "connectionId"),
        Objects.requireNonNull(connectionToken, "connectionToken"), transports, null);
  }

  /** The compact redirect {@code {"url":"..","accessToken":".."}} ({@code accessToken} omitted if null). */
  public static NegotiateResponse redirect(String url, @Nullable String accessToken) {
    return new NegotiateResponse(true, false, 0, Objects.requireNonNull(url, "url"), accessToken,
        null, null, List.of(), null);
  }

  /**
   * The redirect as ASP.NET Core's {@code NegotiateProtocol} writes it:
   * {@code {"negotiateVersion":N,"url":"..","accessToken":"..","availableTransports":[]}}.
   */
  public static NegotiateResponse aspNetCoreRedirect(int negotiateVersion, String url,
      @Nullable String accessToken) {
    return new NegotiateResponse(false, false, negotiateVersion, Objects.requireNonNull(url, "url"),
        accessToken, null, null, List.of(), null);
  }

  /** {@code {"error":".."}}: the client fails to start with this message. */
  public static NegotiateResponse error(String message) {
    return new NegotiateResponse(false, false, 0, null, null, null, null, List.of(),
        Objects.requireNonNull(message, "message"));
  }

  /** Whether the server accepted stateful reconnect for this connection. */
  public boolean useStatefulReconnect() {
    return useStatefulReconnect;
  }

  /** The negotiate version; 0 when the response had none. */
  public int negotiateVersion() {
    return negotiateVersion;
  }

  /** The redirect URL, or null when this is not a redirect. */
  public @Nullable String url() {
    return url;
  }

  /** The access token that comes with a redirect, or null. */
  public @Nullable String accessToken() {
    return accessToken;
  }

  /** The connection id other parties see ({@code Context.ConnectionId}), or null. */
  public @Nullable String connectionId() {
    return connectionId;
  }

  /**
   * The token the client puts in {@code ?id=}: {@code connectionToken} when the version is above 0,
   * else the connection id (what the official clients do). Null for redirects and errors.
   */
  public @Nullable String connectionToken() {
    return negotiateVersion > 0 && connectionToken != null ? connectionToken : connectionId;
  }

  /** The transports the server offers, in its order of preference. */
  public List<AvailableTransport> availableTransports() {
    return availableTransports;
  }

  /** The error text, or null when this is not an error. */
  public @Nullable String error() {
    return error;
  }

  /** Whether this is a redirect (either form). */
  public boolean isRedirect() {
    return url != null && error == null;
  }

  /** Whether this is an error response. */
  public boolean isError() {
    return error != null;
  }

  /** The JSON text, keys in ASP.NET Core's write order. */
  public String toJson() {
    return new String(toJsonBytes(), StandardCharsets.UTF_8);
  }

  /** The JSON as UTF-8 bytes, keys in ASP.NET Core's write order. */
  public byte[] toJsonBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      if (error != null) {
        g.writeStringField("error", error);
      } else if (compactRedirect) {
        g.writeStringField("url", url);
        if (accessToken != null) {
          g.writeStringField("accessToken", accessToken);
        }
      } else {
        if (useStatefulReconnect) {
          g.writeBooleanField("useStatefulReconnect", true);
        }
        g.writeNumberField("negotiateVersion", negotiateVersion);
        if (url != null) {
          g.writeStringField("url", url);
        }
        if (accessToken != null) {
          g.writeStringField("accessToken", accessToken);
        }
        if (connectionId != null) {
          g.writeStringField("connectionId", connectionId);
        }
        if (negotiateVersion > 0 && connectionToken != null) {
          g.writeStringField("connectionToken", connectionToken);
        }
        g.writeArrayFieldStart("availableTransports");
        for (AvailableTransport t : availableTransports) {
          g.writeStartObject();
          g.writeStringField("transport", t.transport());
          g.writeArrayFieldStart("transferFormats");
          for (String f : t.transferFormats()) {
            g.writeString(f);
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a negotiate response body in any of the three shapes. Unknown keys are ignored. A body
   * from a classic ASP.NET SignalR server (it has {@code ProtocolVersion}) is read as an error, as
   * the official clients do.
   *
   * @throws ProtocolException if the body is not a JSON object or a known key has the wrong type
   */
  public static NegotiateResponse parse(byte[] json) throws ProtocolException {
    JsonNode root;
    try (JsonParser p = JSON.createParser(json)) {
      root = MAPPER.readTree(p);
    } catch (JsonProcessingException e) {
      throw new ProtocolException("Negotiate response is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory cannot fail", e);
    }
    if (root == null || !root.isObject()) {
      throw new ProtocolException("Negotiate response is not a JSON object.");
    }
    String error = text(root, "error");
    if (error != null) {
      return error(error);
    }
    if (root.has("ProtocolVersion")) {
      return error("Detected a connection attempt to an ASP.NET SignalR Server. This client only"
          + " supports connecting to an ASP.NET Core SignalR Server. See"
          + " https://aka.ms/signalr-core-differences for details.");
    }
    String url = text(root, "url");
    String accessToken = text(root, "accessToken");
    boolean hasVersion = root.has("negotiateVersion");
    if (url != null && !hasVersion && !root.has("availableTransports")) {
      return redirect(url, accessToken);
    }
    int version = 0;
    if (hasVersion) {
      JsonNode v = root.get("negotiateVersion");
      if (!v.isInt()) {
        throw new ProtocolException("Negotiate response has a non-integer negotiateVersion: " + v);
      }
      version = v.intValue();
    }
    JsonNode stateful = root.get("useStatefulReconnect");
    if (stateful != null && !stateful.isBoolean()) {
      throw new ProtocolException("Negotiate response has a non-boolean useStatefulReconnect: " + stateful);
    }
    List<AvailableTransport> transports = new ArrayList<>();
    JsonNode list = root.get("availableTransports");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw new ProtocolException("Negotiate response has a non-array availableTransports: " + list);
      }
      for (JsonNode t : list) {
        String name = text(t, "transport");
        if (name == null) {
          throw new ProtocolException("Negotiate response has a transport without a name: " + t);
        }
        List<String> formats = new ArrayList<>();
        JsonNode fs = t.get("transferFormats");
        if (fs != null && fs.isArray()) {
          for (JsonNode f : fs) {
            formats.add(f.asText());
          }
        }
        transports.add(new AvailableTransport(name, formats));
      }
    }
    return new NegotiateResponse(false, stateful != null && stateful.booleanValue(), version, url,
        accessToken, text(root, "connectionId"), text(root, "connectionToken"), transports, null);
  }

  private static @Nullable String text(JsonNode node, String key) throws ProtocolException {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ProtocolException("Negotiate response has a non-string " + key + ": " + v);
    }
    return v.textValue();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof NegotiateResponse r && r.toJson().equals(toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "NegotiateResponse" + toJson().replaceAll("\"accessToken\":\"[^\"]*\"", "\"accessToken\":\"***\"");
  }
}
