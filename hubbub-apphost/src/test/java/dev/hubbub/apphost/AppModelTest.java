package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.apphost.azure.AzureSignalRResourceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppModelTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|Name must be between 1 and 64 characters long.",
        "a--b|Name cannot contain consecutive hyphens.",
        "a_b|Name must contain only ASCII letters, digits, and hyphens.",
        "1abc|Name must start with an ASCII letter.",
        "abc-|Name cannot end with a hyphen."})
    void invalidNamesAreRejectedWithAspiresMessages(String name, String reason) {
        assertThatThrownBy(() -> TestBuilders.run().addAzureSignalR(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Resource name '" + name + "' is invalid. " + reason);
    }

    @Test
    void sixtyFiveCharactersIsTooLong() {
        String name = "a".repeat(65);
        assertThatThrownBy(() -> TestBuilders.run().addParameter(name))
                .hasMessage("Resource name '" + name + "' is invalid. Name must be between 1 and 64 characters long.");
        TestBuilders.run().addParameter("a".repeat(64));
    }

    @Test
    void duplicateNamesAreCaseInsensitive() {
        var builder = TestBuilders.run();
        builder.addParameter("SignalR");
        assertThatThrownBy(() -> builder.addAzureSignalR("signalr"))
                .isInstanceOf(DistributedApplicationException.class)
                .hasMessage("Cannot add resource of type 'AzureSignalRResource' with name 'signalr' because resource of type "
                        + "'ParameterResource' with that name already exists. Resource names are case-insensitive.");
    }

    @Test
    void resourceCannotWaitForItself() {
        var builder = TestBuilders.run();
        var signalr = builder.addAzureSignalR("x");
        assertThatThrownBy(() -> signalr.waitFor(signalr)).hasMessage("The 'x' resource cannot wait for itself.");
    }

    @Test
    void waitCyclesAreReportedAtBuild() {
        var builder = TestBuilders.run();
        var a = builder.addExecutable("a", "true");
        var b = builder.addExecutable("b", "true");
        var c = builder.addExecutable("c", "true");
        a.waitFor(b);
        b.waitFor(c);
        c.waitFor(a);
        assertThatThrownBy(builder::build)
                .isInstanceOf(DistributedApplicationException.class)
                .hasMessage("Resources wait for each other in a cycle: 'a' -> 'b' -> 'c' -> 'a'. Remove one of these waitFor calls.");
    }

    @Test
    void referenceToAResourceOfAnotherBuilderIsReportedAtBuild() {
        AzureSignalRResourceBuilder foreign = TestBuilders.run().addAzureSignalR("signalr");
        var builder = TestBuilders.run();
        builder.addProject("api", Object.class).withReference(foreign).waitFor(foreign);
        assertThatThrownBy(builder::build)
                .hasMessageContaining("'api'").hasMessageContaining("'signalr', which is not part of this application");
    }

    @Test
    void withReferenceReturnsTheSameBuilderType() {
        var builder = TestBuilders.run();
        var signalr = builder.addAzureSignalR("signalr");
        ProjectResourceBuilder p = builder.addProject("api", Object.class).withReference(signalr).waitFor(signalr);
        ExecutableResourceBuilder e = builder.addExecutable("worker", "node", "server.js").withReference(signalr)
                .withEnvironment("K", "V").withHttpEndpoint(8080, "PORT");
        assertThat(p.resource().annotations(EnvironmentAnnotation.class)).extracting(EnvironmentAnnotation::name)
                .containsExactly("ConnectionStrings__signalr");
        assertThat(e.resource().annotations(EnvironmentAnnotation.class)).extracting(EnvironmentAnnotation::name)
                .containsExactly("ConnectionStrings__signalr", "K", "PORT");
    }

    @Test
    void connectionStringExpressionsStayDeferred() {
        var builder = TestBuilders.run();
        var signalr = builder.addAzureSignalR("signalr");
        assertThat(signalr.resource().connectionStringExpression().valueExpression())
                .isEqualTo("Endpoint=https://{signalr.outputs.hostName};AuthType=azure");
        assertThat(signalr.resource().connectionStringReference().valueExpression()).isEqualTo("{signalr.connectionString}");
        signalr.runAsEmulator();
        assertThat(signalr.resource().connectionStringExpression().valueExpression()).isEqualTo(
                "Endpoint={signalr.bindings.emulator.url};AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;");
        assertThat(signalr.resource().annotations(HealthCheckAnnotation.class)).singleElement()
                .satisfies(h -> assertThat(h.key("signalr")).isEqualTo("signalr_emulator_/api/health_200_check"));
        signalr.resource().emulatorEndpoint().allocate(10001);
        assertThat(signalr.resource().connectionStringExpression().value())
                .isEqualTo("Endpoint=http://localhost:10001;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;");
    }

    @Test
    void runAsEmulatorIsANoOpInPublishMode() {
        var signalr = TestBuilders.publish().addAzureSignalR("signalr");
        boolean[] called = {false};
        signalr.runAsEmulator(e -> called[0] = true);
        assertThat(signalr.resource().isEmulator()).isFalse();
        assertThat(called[0]).isFalse();
    }

    @Test
    void emulatorHostPortLandsOnTheSignalRResource() {
        var signalr = TestBuilders.run().addAzureSignalR("signalr").runAsEmulator(e -> e.withHostPort(8888));
        assertThat(signalr.resource().emulatorEndpoint().port()).isEqualTo(8888);
        assertThat(signalr.resource().annotations(EndpointAnnotation.class)).hasSize(1);
    }

    @Test
    void runAndPublishAsExistingApplyOnlyInTheirMode() {
        var run = TestBuilders.run();
        var n = run.addParameter("n");
        assertThat(run.addAzureSignalR("a").publishAsExisting(n, null).resource().existing()).isNull();
        assertThat(run.addAzureSignalR("b").runAsExisting(n, null).resource().existing()).isNotNull();
        var pub = TestBuilders.publish();
        assertThat(pub.addAzureSignalR("a").runAsExisting("name", "rg").resource().existing()).isNull();
        assertThat(pub.addAzureSignalR("b").publishAsExisting("name", "rg").resource().existing()).isNotNull();
    }
}
