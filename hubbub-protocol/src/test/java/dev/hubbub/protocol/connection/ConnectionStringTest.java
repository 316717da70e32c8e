package dev.hubbub.protocol.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionStringTest {
  private static final String KEY = ConnectionString.EMULATOR_ACCESS_KEY;

  private static void assertInvalid(String text, String message) {
    assertThatThrownBy(() -> ConnectionString.parse(text))
        .isInstanceOf(InvalidConnectionStringException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void aspireEmulatorForm() {
    ConnectionString cs = ConnectionString.parse(
        "Endpoint=http://localhost:8888;AccessKey=" + KEY + ";Version=1.0;");
    assertThat(cs.endpoint()).isEqualTo(URI.create("http://localhost:8888"));
    assertThat(cs.audienceBase()).isEqualTo(URI.create("http://localhost/"));
    assertThat(cs.clientEndpoint()).isEqualTo(URI.create("http://localhost:8888"));
    assertThat(cs.serverEndpoint()).isEqualTo(URI.create("http://localhost:8888"));
    assertThat(cs.accessKey()).contains(KEY);
    assertThat(cs.version()).contains("1.0");
    assertThat(cs.authType()).isEqualTo(AuthType.ACCESS_KEY);
    assertThat(cs).isEqualTo(ConnectionString.emulator(8888));
    assertThat(ConnectionString.emulator(8888).format())
        .isEqualTo("Endpoint=http://localhost:8888;AccessKey=" + KEY + ";Version=1.0;");
  }

  @Test
  void standaloneEmulatorPortForm() {
    ConnectionString cs = ConnectionString.parse(
        "Endpoint=http://localhost;Port=8888;AccessKey=" + KEY + ";Version=1.0;");
    assertThat(cs.endpoint()).isEqualTo(URI.create("http://localhost:8888"));
    assertThat(cs.audienceBase()).isEqualTo(URI.create("http://localhost/"));
    assertThat(cs.serverEndpoint()).isEqualTo(URI.create("http://localhost:8888"));
  }

  @Test
  void aspireAzureFormUsesIdentity() {
    ConnectionString cs = ConnectionString.parse("Endpoint=https://x.service.signalr.net;AuthType=azure");
    assertThat(cs.endpoint()).isEqualTo(URI.create("https://x.service.signalr.net:443"));
    assertThat(cs.audienceBase()).isEqualTo(URI.create("https://x.service.signalr.net/"));
    assertThat(cs.accessKey()).isEmpty();
    assertThat(cs.authType()).isEqualTo(AuthType.AZURE);
    assertThat(cs.authType().isIdentity()).isTrue();
  }

  @Test
  void noAccessKeyNoAuthTypeMeansDefaultAzureCredential() {
    assertThat(ConnectionString.parse("Endpoint=https://a;Version=1.0").authType()).isEqualTo(AuthType.AZURE);
  }

  @Test
  void keysAreCaseInsensitiveAndValuesTrimmed() {
    ConnectionString cs = ConnectionString.parse(
        " endpoint = https://a.b/// ; ACCESSKEY= k%ey==x ;vErSiOn=1.1-preview;");
    assertThat(cs.endpoint()).isEqualTo(URI.create("https://a.b:443"));
    assertThat(cs.accessKey()).contains("k%ey==x"); // split at the first '=' only
    assertThat(cs.version()).contains("1.1-preview");
    assertThat(cs.property("AccessKey")).contains("k%ey==x");
  }

  @Test
  void unknownKeysAndSegmentsWithoutEqualsAreKept() {
    ConnectionString cs = ConnectionString.parse("Endpoint=https://a;Foo=Bar;junk;;AccessKey=k");
    assertThat(cs.property("foo")).contains("Bar");
    assertThat(cs.properties()).containsExactly(
        java.util.Map.entry("Endpoint", "https://a"), java.util.Map.entry("Foo", "Bar"),
        java.util.Map.entry("AccessKey", "k"));
  }

  @Test
  void portOverridesEndpointPortButNotClientEndpoint() {
    ConnectionString cs = ConnectionString.parse(
        "Endpoint=https://a:1000;Port=2000;ClientEndpoint=https://remote;ServerEndpoint=http://inner:3000/;AccessKey=k");
    assertThat(cs.endpoint()).isEqualTo(URI.create("https://a:2000"));
    assertThat(cs.audienceBase()).isEqualTo(URI.create("https://a/"));
    assertThat(cs.clientEndpoint()).isEqualTo(URI.create("https://remote"));
    assertThat(cs.serverEndpoint()).isEqualTo(URI.create("http://inner:3000"));
  }

  @Test
  void endpointPathAndUserInfoAreDropped() {
    ConnectionString cs = ConnectionString.parse("Endpoint=HTTPS://u@a.b:444/path/;AccessKey=k");
    assertThat(cs.endpoint()).isEqualTo(URI.create("https://a.b:444"));
  }

  @Test
  void hostIsLowerCasedLikeDotNetUri() {
    ConnectionString cs = ConnectionString.parse("Endpoint=https://MyService.Service.SignalR.net;AccessKey=k");
    assertThat(cs.endpoint()).isEqualTo(URI.create("https://myservice.service.signalr.net:443"));
    assertThat(cs.audienceBase()).isEqualTo(URI.create("https://myservice.service.signalr.net/"));
  }

  @Test
  void ipv6Endpoint() {
    ConnectionString cs = ConnectionString.parse("Endpoint=http://[::1]:8888;AccessKey=k");
    assertThat(cs.endpoint()).isEqualTo(URI.create("http://[::1]:8888"));
    assertThat(cs.audienceBase()).isEqualTo(URI.create("http://[::1]/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", ";;;", "Endpoint=https://a", "Endpoint=https://a;;", "AccessKey=k;Version=1.0",
      "Endpoint=;AccessKey=k"})
  void missingEndpoint(String text) {
    assertInvalid(text, "Connection string missing required properties endpoint.");
  }

  @Test
  void nullIsMissingEndpoint() {
    assertInvalid(null, "Connection string missing required properties endpoint.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://a", "a.b.c", "/relative", "http://", "http:opaque", "https://a b", "mailto:x@y"})
  void invalidEndpoint(String endpoint) {
    assertInvalid("Endpoint=" + endpoint + ";AccessKey=k",
        "Invalid value for endpoint property, it must be a valid URI.");
  }

  @Test
  void invalidClientAndServerEndpoint() {
    assertInvalid("Endpoint=https://a;AccessKey=k;ClientEndpoint=nope",
        "Invalid value for clientEndpoint property, it must be a valid URI.");
    assertInvalid("Endpoint=https://a;AccessKey=k;ServerEndpoint=ws://x",
        "Invalid value for serverEndpoint property, it must be a valid URI.");
  }

  @Test
  void duplicateKeysIgnoringCase() {
    assertInvalid("Endpoint=https://a;AccessKey=k;accesskey=k2",
        "Duplicate properties found in connection string: accesskey.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "1.1", "1.10", "1.1-preview", "1.0.0", "1.0_x"})
  void supportedVersions(String version) {
    assertThat(ConnectionString.parse("Endpoint=https://a;AccessKey=k;Version=" + version).version())
        .contains(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.0", "1", "1.", "v1.0", "1.0 beta", "1.x", ""})
  void unsupportedVersions(String version) {
    assertInvalid("Endpoint=https://a;AccessKey=k;Version=" + version, "Version " + version + " is not supported.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "-1", "abc", "", "99999999999"})
  void invalidPort(String port) {
    assertInvalid("Endpoint=https://a;AccessKey=k;Port=" + port,
        "Invalid value for port property, it must be an positive integer between (0, 65536).");
  }

  @ParameterizedTest
  @CsvSource({"1,1", "65535,65535"})
  void portBounds(String port, int expected) {
    assertThat(ConnectionString.parse("Endpoint=https://a;AccessKey=k;Port=" + port).endpoint().getPort())
        .isEqualTo(expected);
  }

  @Test
  void authTypes() {
    assertThat(ConnectionString.parse("Endpoint=https://a;AuthType=Azure.MSI").authType())
        .isEqualTo(AuthType.AZURE_MSI);
    assertThat(ConnectionString.parse("Endpoint=https://a;AuthType=azure.msi;ClientId=c").clientId())
        .contains("c");
    assertThat(ConnectionString.parse("Endpoint=https://a;AuthType=azure.msitoken").authType())
        .isEqualTo(AuthType.AZURE_MSI_TOKEN);
    // azure ignores ClientId and friends
    assertThat(ConnectionString.parse("Endpoint=https://a;AuthType=azure;ClientId=c").authType())
        .isEqualTo(AuthType.AZURE);
    ConnectionString app = ConnectionString.parse(
        "Endpoint=https://a;AuthType=azure.app;ClientId=c;TenantId=t;ClientSecret=s3cret");
    assertThat(app.authType()).isEqualTo(AuthType.AZURE_APP);
    assertThat(app.tenantId()).contains("t");
    assertThat(app.clientSecret()).contains("s3cret");
    assertThat(app.toString()).doesNotContain("s3cret").contains("ClientSecret=***;");
    assertThat(ConnectionString.parse("Endpoint=https://a;AuthType=azure.app;ClientId=c;TenantId=t;ClientCert=/p.pem")
        .clientCert()).contains("/p.pem");
    // an identity AuthType wins over an AccessKey
    assertThat(ConnectionString.parse("Endpoint=https://a;AuthType=azure;AccessKey=k").authType())
        .isEqualTo(AuthType.AZURE);
  }

  @Test
  void appRegistrationRequirements() {
    assertInvalid("Endpoint=https://a;AuthType=azure.app;TenantId=t;ClientSecret=s",
        "Connection string missing required properties clientId.");
    assertInvalid("Endpoint=https://a;AuthType=azure.app;ClientId=c;ClientSecret=s",
        "Connection string missing required properties tenantId.");
    assertInvalid("Endpoint=https://a;AuthType=azure.app;ClientId=c;TenantId=t",
        "Connection string missing required properties clientSecret or clientCert.");
  }

  @Test
  void obsoleteAadIsAppOrManagedIdentity() {
    assertThat(ConnectionString.parse("Endpoint=https://a;AuthType=aad").authType()).isEqualTo(AuthType.AAD);
    assertThat(ConnectionString.parse("Endpoint=https://a;AuthType=aad;ClientId=c").authType())
        .isEqualTo(AuthType.AAD);
    assertThat(ConnectionString.parse("Endpoint=https://a;AuthType=aad;ClientId=c;TenantId=t;ClientSecret=s")
        .authType()).isEqualTo(AuthType.AAD);
    assertInvalid("Endpoint=https://a;AuthType=aad;ClientId=c;TenantId=t",
        "Connection string missing required properties clientSecret or clientCert.");
    assertInvalid("Endpoint=https://a;AuthType=aad;TenantId=t;ClientSecret=s",
        "Connection string missing required properties clientId.");
  }

  @Test
  void unknownAuthTypeIsRejected() {
    assertThatThrownBy(() -> ConnectionString.parse("Endpoint=https://a;AuthType=kerberos"))
        .isInstanceOf(InvalidConnectionStringException.class)
        .hasMessageStartingWith("Invalid value for authType property: kerberos.");
  }

  @Test
  void toStringMasksAccessKeyAndErrorsNeverEchoIt() {
    ConnectionString cs = ConnectionString.emulator(8888);
    assertThat(cs.toString()).doesNotContain(KEY)
        .isEqualTo("Endpoint=http://localhost:8888;AccessKey=***;Version=1.0;");
    assertThatThrownBy(() -> ConnectionString.parse("Endpoint=nope;AccessKey=" + KEY))
        .hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> ConnectionString.parse("Endpoint=https://a;AccessKey=" + KEY + ";Port=x"))
        .hasMessageNotContaining(KEY);
  }

  @Test
  void builderRoundTrip() {
    ConnectionString cs = ConnectionString.builder().endpoint("https://a.b").accessKey(KEY).version("1.0")
        .port(8443).clientEndpoint("https://c").property("Custom", "v").build();
    assertThat(cs.format())
        .isEqualTo("Endpoint=https://a.b;AccessKey=" + KEY + ";Version=1.0;Port=8443;ClientEndpoint=https://c;Custom=v;");
    assertThat(ConnectionString.parse(cs.format())).isEqualTo(cs);
    ConnectionString changed = cs.toBuilder().accessKey("other").remove("custom").build();
    assertThat(changed.accessKey()).contains("other");
    assertThat(changed.property("Custom")).isEmpty();
    assertThat(changed.format()).startsWith("Endpoint=https://a.b;AccessKey=other;");
    ConnectionString identity = ConnectionString.builder().endpoint("https://a").authType(AuthType.AZURE_APP)
        .clientId("c").tenantId("t").clientCert("/c.pem").build();
    assertThat(identity.format()).isEqualTo("Endpoint=https://a;AuthType=azure.app;ClientId=c;TenantId=t;ClientCert=/c.pem;");
    assertThatThrownBy(() -> ConnectionString.builder().property("A", "x;y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConnectionString.emulator(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalityIgnoresKeyCase() {
    assertThat(ConnectionString.parse("endpoint=https://a;accesskey=k"))
        .isEqualTo(ConnectionString.parse("Endpoint=https://a;AccessKey=k;"))
        .hasSameHashCodeAs(ConnectionString.parse("Endpoint=https://a;AccessKey=k;"))
        .isNotEqualTo(ConnectionString.parse("Endpoint=https://a;AccessKey=K;"));
  }

  @Test
  void anErrorNeverQuotesAValueThatSwallowedTheNextProperty() {
    // Found by SignalRConfigurationFuzzTest: with a ',' typed for a ';', the AccessKey became part of the
    // AuthType (or Version) value, and the error quoted that value, key and all, into the logs.
    assertThatThrownBy(() -> ConnectionString.parse("Endpoint=https://a;AuthType=aad,AccessKey=s3cr3tk3y"))
        .isInstanceOf(InvalidConnectionStringException.class)
        .hasMessageStartingWith("Invalid value for authType property: (a value holding '=': is a ';' missing"
            + " before the next property?).")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3tk3y"));
    assertThatThrownBy(() -> ConnectionString.parse("Endpoint=https://a;Version=1.0 AccessKey=s3cr3tk3y"))
        .hasMessage("Version (a value holding '=': is a ';' missing before the next property?) is not supported.");
  }
}
