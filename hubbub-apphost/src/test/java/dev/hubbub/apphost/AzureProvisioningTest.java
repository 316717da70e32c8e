package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.apphost.azure.SignalRService;
import dev.hubbub.apphost.azurefake.FakeArm;
import dev.hubbub.apphost.azurefake.FakeCredential;
import dev.hubbub.apphost.testapps.PrintEnv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run-mode provisioning end to end against a fake Azure Resource Manager on loopback: the app host deploys the SignalR
 * module, polls the operation, injects the connection string into a real child process, reuses an unchanged
 * deployment, and reports failures, throttling and rejected credentials with what to do.
 */
class AzureProvisioningTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";

    @TempDir
    Path state;
    private FakeArm arm;
    private final FakeCredential credential = new FakeCredential();
    private RunningApplication app;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void setUp() throws Exception {
        arm = new FakeArm();
        originalErr = System.err;
        // slf4j-simple writes to the current System.err: the secret checks read what the app host logged.
        System.setErr(new PrintStream(new TeeStream(originalErr, err), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        arm.close();
        System.setErr(originalErr);
        String logged = err.toString(StandardCharsets.UTF_8);
        assertThat(logged).as("app host logs").doesNotContain(FakeCredential.MARKER);
    }

    private Map<String, String> azure(String group, boolean allowCreation) {
        Map<String, String> env = new HashMap<>();
        env.put("Azure__SubscriptionId", SUBSCRIPTION);
        env.put("Azure__Location", "westeurope");
        env.put("Azure__ResourceGroup", group);
        env.put("Azure__AllowResourceGroupCreation", Boolean.toString(allowCreation));
        env.put("Azure__ResourceManagerEndpoint", arm.baseUri().toString());
        env.put("Azure__DeploymentStateDirectory", state.toString());
        return env;
    }

    private RunningApplication start(Map<String, String> env, Consumer<DistributedApplicationBuilder> model) {
        var builder = TestBuilders.run(env).withAzureCredential(credential);
        model.accept(builder);
        return builder.build().start();
    }

    private static void apiPrintingItsConnection(DistributedApplicationBuilder b) {
        var signalr = b.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS);
        // No waitFor: as in Aspire, a reference to a provisioned resource waits for its outputs.
        b.addProject("api", PrintEnv.class).withArgs("ConnectionStrings__signalr", "SIGNALR_URI").withReference(signalr);
    }

    private static String line(RunningApplication app, String resource, String prefix) {
        await().atMost(TIMEOUT).until(() -> app.logs(resource).stream().anyMatch(l -> l.startsWith(prefix)));
        return app.logs(resource).stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void deploysTheModulePollsAndInjectsTheConnectionString() throws Exception {
        app = start(azure("rg-test", true), AzureProvisioningTest::apiPrintingItsConnection);

        assertThat(line(app, "api", "[api] ConnectionStrings__signalr="))
                .isEqualTo("[api] ConnectionStrings__signalr=Endpoint=https://signalr-fake.service.signalr.net;AuthType=azure");
        assertThat(line(app, "api", "[api] SIGNALR_URI=")).isEqualTo("[api] SIGNALR_URI=https://signalr-fake.service.signalr.net");
        assertThat(app.state("signalr")).isEqualTo(ResourceState.RUNNING);

        String group = "/subscriptions/" + SUBSCRIPTION + "/resourcegroups/rg-test";
        String deployment = group + "/providers/Microsoft.Resources/deployments/signalr?api-version=2021-04-01";
        FakeArm.Request getGroup = arm.takeRequest(TIMEOUT);
        assertThat(getGroup.method() + " " + getGroup.path()).isEqualTo("GET " + group + "?api-version=2021-04-01");
        assertThat(getGroup.authorization()).isEqualTo("Bearer " + FakeCredential.token(1));
        FakeArm.Request createGroup = arm.takeRequest(TIMEOUT);
        assertThat(createGroup.method() + " " + createGroup.path()).isEqualTo("PUT " + group + "?api-version=2021-04-01");
        assertThat(createGroup.body().path("location").asText()).isEqualTo("westeurope");
        FakeArm.Request put = arm.takeRequest(TIMEOUT);
        assertThat(put.method() + " " + put.path()).isEqualTo("PUT " + deployment);
        var props = put.body().path("properties");
        assertThat(props.path("mode").asText()).isEqualTo("Incremental");
        assertThat(props.path("parameters").toString()).isEqualTo("{\"principalType\":{\"value\":\"User\"},"
                + "\"principalId\":{\"value\":\"" + FakeCredential.OID + "\"}}");
        var template = props.path("template");
        assertThat(template.path("resources").get(0).path("type").asText()).isEqualTo("Microsoft.SignalRService/signalR");
        assertThat(template.path("resources").get(0).path("name").asText())
                .isEqualTo("[take(format('signalr-{0}', uniqueString(resourceGroup().id)), 63)]");
        assertThat(template.path("resources").get(2).path("properties").path("roleDefinitionId").asText())
                .contains("fd53cd77-2268-407a-8f46-7e7863d0f521");
        assertThat(template.path("outputs").path("hostName").path("value").asText()).isEqualTo(
                "[reference(resourceId('Microsoft.SignalRService/signalR', take(format('signalr-{0}', "
                        + "uniqueString(resourceGroup().id)), 63)), '2024-03-01').hostName]");
        // The operation answers Running twice, then Succeeded; then the deployment is read for its outputs.
        for (int i = 0; i < 3; i++) {
            assertThat(arm.takeRequest(TIMEOUT).path()).startsWith("/operations/");
        }
        assertThat(arm.takeRequest(TIMEOUT).path()).isEqualTo(deployment);
        assertThat(credential.scopes()).containsOnly("https://management.azure.com/.default");
    }

    @Test
    void anUnchangedDeploymentIsReusedAndAChangedOneDeployedAgain() throws Exception {
        app = start(azure("rg-test", true), AzureProvisioningTest::apiPrintingItsConnection);
        line(app, "api", "[api] ConnectionStrings__signalr=");
        app.close();
        long puts = arm.requests().stream().filter(r -> r.method().equals("PUT")).count();

        app = start(azure("rg-test", true), AzureProvisioningTest::apiPrintingItsConnection);
        line(app, "api", "[api] ConnectionStrings__signalr=");
        assertThat(arm.requests().stream().filter(r -> r.method().equals("PUT")).count()).as("PUTs after a rerun").isEqualTo(puts);
        assertThat(app.stateHistory()).isNotEmpty();
        app.close();

        app = start(azure("rg-test", true), b -> {
            var signalr = b.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS)
                    .configureInfrastructure(infra -> infra.single(SignalRService.class).sku().setName("Standard_S1"));
            b.addProject("api", PrintEnv.class).withArgs("ConnectionStrings__signalr").withReference(signalr);
        });
        line(app, "api", "[api] ConnectionStrings__signalr=");
        List<FakeArm.Request> deploys = arm.requests().stream()
                .filter(r -> r.method().equals("PUT") && r.path().contains("/deployments/")).toList();
        assertThat(deploys).hasSize(2);
        assertThat(deploys.get(1).body().toString()).contains("Standard_S1");
    }

    @Test
    void aFailedDeploymentFailsTheResourceAndItsDependantsWithTheReason() {
        arm.addResourceGroup("rg-test");
        arm.deploymentsEnd(1, "Failed");
        app = start(azure("rg-test", false), AzureProvisioningTest::apiPrintingItsConnection);
        await().atMost(TIMEOUT).until(() -> app.state("api") == ResourceState.FAILED_TO_START);
        assertThat(app.failure("signalr").orElseThrow()).startsWith("Failed to provision: Deployment 'signalr' in resource "
                + "group 'rg-test' ended Failed (DeploymentFailed: At least one resource deployment operation failed.; "
                + "NameUnavailable: The name 'signalr-abc' is already in use.). See the deployment in the Azure portal");
        assertThat(app.failure("api").orElseThrow()).startsWith("Dependency resource 'signalr' failed to start.");
    }

    @Test
    void throttlingIsRetriedAfterRetryAfter() {
        arm.addResourceGroup("rg-test");
        arm.throttleNext(2, 1);
        app = start(azure("rg-test", false), AzureProvisioningTest::apiPrintingItsConnection);
        line(app, "api", "[api] ConnectionStrings__signalr=Endpoint=https://signalr-fake");
        List<FakeArm.Request> first = arm.requests().subList(0, 3);
        assertThat(first).extracting(FakeArm.Request::path).allMatch(p -> p.endsWith("/resourcegroups/rg-test?api-version=2021-04-01"));
        assertThat(Duration.between(first.get(0).at(), first.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.between(first.get(1).at(), first.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void throttlingThatDoesNotEndIsReported() {
        arm.addResourceGroup("rg-test");
        arm.throttleNext(100, 0);
        app = start(azure("rg-test", false), AzureProvisioningTest::apiPrintingItsConnection);
        await().atMost(TIMEOUT).until(() -> app.state("signalr") == ResourceState.FAILED_TO_START);
        assertThat(app.failure("signalr").orElseThrow()).contains("HTTP 429 TooManyRequests")
                .contains("Azure kept throttling the requests after 5 retries; wait a few minutes and start the app host again.");
    }

    @Test
    void anExpiredTokenIsReplacedOnce() {
        arm.addResourceGroup("rg-test");
        arm.rejectToken(FakeCredential.token(1));
        app = start(azure("rg-test", false), AzureProvisioningTest::apiPrintingItsConnection);
        line(app, "api", "[api] ConnectionStrings__signalr=Endpoint=https://signalr-fake");
        assertThat(credential.issued()).isEqualTo(2);
    }

    @Test
    void rejectedCredentialsSayToSignInAgain() {
        arm.addResourceGroup("rg-test");
        arm.rejectToken(FakeCredential.token(1));
        arm.rejectToken(FakeCredential.token(2));
        app = start(azure("rg-test", false), AzureProvisioningTest::apiPrintingItsConnection);
        await().atMost(TIMEOUT).until(() -> app.state("signalr") == ResourceState.FAILED_TO_START);
        assertThat(app.failure("signalr").orElseThrow()).contains("HTTP 401 ExpiredAuthenticationToken")
                .contains("sign in again with az login").doesNotContain(FakeCredential.MARKER);
    }

    @Test
    void noCredentialAtAllSaysHowToSignIn() {
        credential.failWith(new IllegalStateException("Please run 'az login' to set up an account."));
        arm.addResourceGroup("rg-test");
        app = start(azure("rg-test", false), AzureProvisioningTest::apiPrintingItsConnection);
        await().atMost(TIMEOUT).until(() -> app.state("signalr") == ResourceState.FAILED_TO_START);
        assertThat(app.failure("signalr").orElseThrow()).contains("Cannot get an Azure access token: IllegalStateException: "
                + "Please run 'az login' to set up an account.. Sign in with az login");
    }

    @Test
    void forbiddenDeploymentsNameTheMissingRoles() {
        arm.addResourceGroup("rg-test");
        arm.forbidDeployments(true);
        app = start(azure("rg-test", false), AzureProvisioningTest::apiPrintingItsConnection);
        await().atMost(TIMEOUT).until(() -> app.state("signalr") == ResourceState.FAILED_TO_START);
        assertThat(app.failure("signalr").orElseThrow()).contains("HTTP 403 AuthorizationFailed")
                .contains("needs Contributor and User Access Administrator (or Owner)");
    }

    @Test
    void aMissingResourceGroupIsCreatedOnlyWhenAllowed() {
        app = start(azure("rg-missing", false), AzureProvisioningTest::apiPrintingItsConnection);
        await().atMost(TIMEOUT).until(() -> app.state("signalr") == ResourceState.FAILED_TO_START);
        assertThat(app.failure("signalr").orElseThrow()).contains("Resource group 'rg-missing' does not exist in subscription '"
                + SUBSCRIPTION + "'. Create it (az group create -n rg-missing -l westeurope), or set "
                + "Azure__AllowResourceGroupCreation=true");
        assertThat(arm.resourceGroups()).isEmpty();
    }

    @Test
    void missingSettingsFailBeforeAnythingStarts() {
        var builder = TestBuilders.run(Map.of("Azure__Location", "westeurope")).withAzureCredential(credential);
        apiPrintingItsConnection(builder);
        assertThatThrownBy(() -> builder.build().start()).hasMessage("Azure SignalR resource 'signalr' is provisioned in "
                + "Azure in run mode, but Azure:SubscriptionId is not set. Set Azure__SubscriptionId and Azure__Location (and "
                + "optionally Azure__ResourceGroup) and sign in (az login), or call runAsEmulator() on it, or use "
                + "builder.addConnectionString(\"signalr\") with ConnectionStrings__signalr set.");
        assertThat(arm.requests()).isEmpty();
    }

    /** Copies writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
