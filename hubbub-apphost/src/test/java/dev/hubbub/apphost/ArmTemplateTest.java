package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.apphost.azure.AzureOutputFormat;
import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.apphost.internal.azure.ArmTemplateCompiler;
import dev.hubbub.apphost.internal.bicep.InfrastructureCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ARM templates run mode deploys, compiled from the same Bicep model as the published module; golden files in
 * {@code src/test/resources/golden/arm/} (regenerate with {@code -Dhubbub.golden.update=true}, review by hand against the
 * Bicep module next to it).
 */
class ArmTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"serverless", "existing"})
    void templatesMatchTheGoldenFiles(String name) throws Exception {
        var b = TestBuilders.run();
        var signalr = b.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS);
        if (name.equals("existing")) {
            signalr.asExisting(b.addParameter("existingName"), null);
        }
        var statements = InfrastructureCompiler.compile(signalr.resource().buildInfrastructure(AzureOutputFormat.ASPIRE_9_1));
        String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ArmTemplateCompiler.compile(statements));
        Path golden = Path.of("src/test/resources/golden/arm/" + name + ".json");
        if (Boolean.getBoolean("hubbub.golden.update")) {
            Files.writeString(golden, json + "\n", StandardCharsets.UTF_8);
        }
        assertThat(json).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8).stripTrailing());
    }

    @Test
    void literalStringsThatLookLikeExpressionsAreEscaped() throws Exception {
        var b = TestBuilders.run();
        var signalr = b.addAzureSignalR("signalr").configureInfrastructure(infra ->
                infra.single(dev.hubbub.apphost.azure.SignalRService.class).addTag("note", "[not an expression]"));
        var template = ArmTemplateCompiler.compile(InfrastructureCompiler.compile(signalr.resource().buildInfrastructure()));
        assertThat(JSON.writeValueAsString(template)).contains("\"note\":\"[[not an expression]\"");
    }
}
