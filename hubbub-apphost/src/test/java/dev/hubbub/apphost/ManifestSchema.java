package dev.hubbub.apphost;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Aspire's manifest JSON schema ({@code src/test/resources/schema/aspire-8.0.json}, see the README there) with its
 * unsatisfiable {@code resource.azure.bicep.v1} definition replaced by the v0 one plus {@code scope}.
 */
public final class ManifestSchema {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = load();

    private ManifestSchema() {
    }

    /** @param manifest manifest text @return the schema violations, empty when valid */
    public static List<String> violations(String manifest) {
        String text = manifest.startsWith("\uFEFF") ? manifest.substring(1) : manifest;
        return SCHEMA.validate(text, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    private static Schema load() {
        try (var in = ManifestSchema.class.getResourceAsStream("/schema/aspire-8.0.json")) {
            ObjectNode root = (ObjectNode) JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            ObjectNode defs = (ObjectNode) root.get("definitions");
            ObjectNode v1 = ((ObjectNode) defs.get("resource.azure.bicep.v0")).deepCopy();
            ObjectNode props = (ObjectNode) v1.get("properties");
            props.set("type", JSON.createObjectNode().put("const", "azure.bicep.v1"));
            ObjectNode scope = JSON.createObjectNode().put("type", "object");
            scope.set("properties", JSON.createObjectNode().set("resourceGroup",
                    JSON.createObjectNode().put("type", "string")));
            props.set("scope", scope);
            v1.put("description", "Represents a resource that is deployed using Azure Bicep, optionally in another scope.");
            defs.set("resource.azure.bicep.v1", v1);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param file a manifest file @return its violations */
    public static List<String> violations(Path file) {
        try {
            return violations(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
