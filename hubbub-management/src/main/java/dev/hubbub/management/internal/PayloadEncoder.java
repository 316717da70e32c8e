package dev.hubbub.management.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Serializes a send's target and arguments into the REST body with the user's {@link ObjectMapper}. Property
 * names are PascalCase ({@code Target}, {@code Arguments}) as the official management SDK writes them; the
 * service matches them case-insensitively.
 */
public final class PayloadEncoder {
  private final ObjectMapper mapper;

  /** An encoder using {@code mapper} for the arguments. */
  public PayloadEncoder(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /**
   * Encodes one invocation.
   *
   * @throws IllegalArgumentException if the target is empty or an argument cannot be serialized
   */
  public EncodedMessage encode(String target, @Nullable Object @Nullable [] arguments) {
    Objects.requireNonNull(target, "target");
    if (target.isEmpty()) {
      throw new IllegalArgumentException("The target (the client method name) must not be empty.");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    int start;
    int end;
    try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("Target", target);
      g.writeArrayFieldStart("Arguments");
      g.flush();
      start = out.size() - 1;
      if (arguments != null) {
        for (Object argument : arguments) {
          mapper.writeValue(g, argument);
        }
      }
      g.writeEndArray();
      g.flush();
      end = out.size();
      g.writeEndObject();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The arguments of '" + target + "' cannot be serialized to JSON: "
          + e.getOriginalMessage() + ". Pass values Jackson can write, or configure the ObjectMapper.", e);
    } catch (IOException e) {
      throw new IllegalStateException("Writing to memory failed", e);
    }
    return new EncodedMessage(target, out.toByteArray(), start, end);
  }
}
