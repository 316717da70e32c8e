package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {

    @Test
    void sourcesMergeFromJsonToEnvironmentToSystemPropertiesToArguments(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("appsettings.json");
        Files.writeString(json, """
                {"ConnectionStrings": {"signalr": "from-json", "other": "json-only"},
                 "Parameters": {"a": "json", "b": "json", "c": "json"}, "List": ["x", "y"]}
                """);
        var options = new DistributedApplicationOptions(List.of("--Parameters:c", "args", "--Parameters__d=args2"),
                Map.of("ConnectionStrings__signalr", "from-env", "Parameters__b", "env", "Parameters__c", "env"),
                Map.of("Parameters:c", "sysprop", "Parameters:b", "sysprop"), json);
        Configuration config = DistributedApplication.createBuilder(options).configuration();
        assertThat(config.getConnectionString("signalr")).hasValue("from-env");
        assertThat(config.getConnectionString("other")).hasValue("json-only");
        assertThat(config.get("parameters:A")).hasValue("json");
        assertThat(config.get("Parameters:b")).hasValue("sysprop");
        assertThat(config.get("Parameters:c")).hasValue("args");
        assertThat(config.get("Parameters:d")).hasValue("args2");
        assertThat(config.get("List:1")).hasValue("y");
    }

    @Test
    void aSettingsFileThatIsNotAnObjectIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        // Found by ConfigurationLoaderFuzzTest: [1,2] was read as the keys ':0' and ':1' without a word.
        Path json = dir.resolve("appsettings.json");
        Files.writeString(json, "[1,2]");
        var options = new DistributedApplicationOptions(List.of(), Map.of(), Map.of(), json);
        assertThatThrownBy(() -> DistributedApplication.createBuilder(options))
                .isInstanceOf(DistributedApplicationException.class)
                .hasMessageContaining("Cannot read settings file '" + json.toAbsolutePath() + "'")
                .hasMessageContaining("Top-level JSON element must be an object. Instead, 'ARRAY' was found.");
    }

    @Test
    void publisherSwitchSelectsPublishMode() {
        var ctx = DistributedApplication.createBuilder(TestBuilders.options(Map.of(), "--publisher", "manifest",
                "--output-path", "out")).executionContext();
        assertThat(ctx.isPublishMode()).isTrue();
        assertThat(ctx.publisherName()).isEqualTo("manifest");
        assertThat(TestBuilders.run().executionContext().isRunMode()).isTrue();
        assertThatThrownBy(() -> DistributedApplication.createBuilder(TestBuilders.options(Map.of(), "--operation", "deploy")))
                .hasMessage("Invalid operation specified. Valid operations are 'publish' or 'run'.");
        assertThatThrownBy(() -> DistributedApplication.createBuilder(TestBuilders.options(Map.of(), "--publisher")))
                .hasMessageContaining("'--publisher' has no value");
    }

    @Test
    void parametersReadConfigurationOrDefaultOrFail() {
        var builder = TestBuilders.run(Map.of("Parameters__name", "my-signalr"));
        assertThat(builder.addParameter("name").resource().value()).isEqualTo("my-signalr");
        assertThat(builder.addParameter("withDefault", "d").resource().value()).isEqualTo("d");
        var missing = builder.addParameter("missing", true).resource();
        assertThat(missing.valueExpression()).isEqualTo("{missing.value}");
        assertThatThrownBy(missing::value)
                .isInstanceOf(MissingParameterValueException.class)
                .hasMessageStartingWith("Parameter resource could not be used because configuration key 'Parameters:missing' "
                        + "is missing and the Parameter has no default value.")
                .hasMessageContaining("Parameters__missing");
    }

    @Test
    void connectionStringsReadConfigurationOrFailNamingTheVariable() {
        var builder = TestBuilders.run(Map.of("ConnectionStrings__signalr", "Endpoint=https://x;AuthType=azure"));
        assertThat(builder.addConnectionString("signalr").resource().connectionStringExpression().value())
                .isEqualTo("Endpoint=https://x;AuthType=azure");
        var missing = builder.addConnectionString("other").resource();
        assertThatThrownBy(() -> missing.connectionStringReference().value())
                .hasMessageStartingWith("Connection string parameter resource could not be used because connection string "
                        + "'other' is missing.")
                .hasMessageContaining("ConnectionStrings__other");
    }
}
