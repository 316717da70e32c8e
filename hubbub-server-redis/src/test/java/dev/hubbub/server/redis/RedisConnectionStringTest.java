package dev.hubbub.server.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RedisBackplaneOptions#fromConnectionString}: Aspire's StackExchange.Redis form and redis:// URIs. */
class RedisConnectionStringTest {
  private static final String SECRET = "s3cret-Pa55word";

  private static RedisCredentials credentials(RedisURI uri) {
    return uri.getCredentialsProvider().resolveCredentials().block();
  }

  private static String password(RedisURI uri) {
    return new String(credentials(uri).getPassword());
  }

  @Test
  void aspiresFormBecomesALettuceUri() {
    RedisBackplaneOptions o = RedisBackplaneOptions.fromConnectionString("localhost:6380,password=" + SECRET);
    assertThat(o.uri()).isEqualTo("redis://:" + SECRET + "@localhost:6380");
    assertThat(o.channelPrefix()).isEmpty();
    assertThat(o.toString()).doesNotContain(SECRET).contains("redis://***@localhost:6380");
    RedisURI lettuce = RedisURI.create(o.uri());
    assertThat(lettuce.getHost()).isEqualTo("localhost");
    assertThat(lettuce.getPort()).isEqualTo(6380);
    assertThat(password(lettuce)).isEqualTo(SECRET);
  }

  @Test
  void optionsSslDatabaseUserChannelPrefixAndIgnoredClientTuning() {
    String p = "p@ss:w/rd%,x";
    // a comma cannot be in a StackExchange.Redis password; everything else survives the round trip
    String password = p.substring(0, p.indexOf(','));
    RedisBackplaneOptions o = RedisBackplaneOptions.fromConnectionString(
        " cache.example.com:6380 , password=" + password + ",user=app,ssl=True,defaultDatabase=3,"
            + "channelPrefix=myapp,abortConnect=false,connectTimeout=5000,");
    RedisURI lettuce = RedisURI.create(o.uri());
    assertThat(lettuce.isSsl()).isTrue();
    assertThat(lettuce.getHost()).isEqualTo("cache.example.com");
    assertThat(lettuce.getPort()).isEqualTo(6380);
    assertThat(lettuce.getDatabase()).isEqualTo(3);
    assertThat(credentials(lettuce).getUsername()).isEqualTo("app");
    assertThat(password(lettuce)).isEqualTo(password);
    assertThat(o.channelPrefix()).isEqualTo("myapp");
    assertThat(o.toString()).doesNotContain(password).doesNotContain("p%40ss");
  }

  @Test
  void aHostAloneMeans6379AndIpv6NeedsBrackets() {
    assertThat(RedisBackplaneOptions.fromConnectionString("redis-host").uri()).isEqualTo("redis://redis-host:6379");
    assertThat(RedisBackplaneOptions.fromConnectionString("[::1]:7000,password=x").uri())
        .isEqualTo("redis://:x@[::1]:7000");
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString("::1:7000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without brackets");
  }

  @Test
  void urisAreTakenAsTheyAre() {
    String uri = "rediss://:" + SECRET + "@cache:6380/2";
    assertThat(RedisBackplaneOptions.fromConnectionString(uri).uri()).isEqualTo(uri);
    assertThat(RedisBackplane.fromConnectionString(uri).toString()).doesNotContain(SECRET);
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString("redis://:" + SECRET + "@/x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host").hasMessageNotContaining(SECRET);
    // A URI that does not parse is not quoted: a password can sit anywhere in a broken text (found by fuzzing).
    for (String broken : new String[] {"rediss://cache ,password\t=" + SECRET + ",ssl=true",
        "redis://:" + SECRET + " x@cache:6379", "redis://cache:6379/ ,Password =" + SECRET}) {
      assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString(broken))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("The Redis URI is malformed (")
          .hasMessageContaining(" at index ").hasMessageNotContaining(SECRET);
    }
    // The same through the builder, which takes only a URI: checked when built, never quoted when it is not one.
    for (String broken : new String[] {"redis://:" + SECRET + " x@cache:6379", "cache:6379,password\t=" + SECRET,
        "redis://:" + SECRET + "@/x", "redis://:pa/" + SECRET + "@cache:6379", "redis://:pa#" + SECRET + "@cache"}) {
      assertThatThrownBy(() -> RedisBackplaneOptions.builder(broken).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("The Redis URI ")
          .hasMessageNotContaining(SECRET);
    }
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString("http://cache:6379"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", ",,", "password=" + SECRET, "ssl=true,password=" + SECRET})
  void emptyOrWithoutEndpointIsRefused(String cs) {
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString(cs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("The Redis connection string (is empty|names no endpoint).*")
        .hasMessageContaining("host:port").hasMessageNotContaining(SECRET);
  }

  @Test
  void badPortsAreNamed() {
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString("cache:,password=" + SECRET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cache:' has no port after ':'")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString("cache:abc,password=" + SECRET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is 'abc': use a number from 1 to 65535")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString("cache:70000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'70000'");
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString("cache:0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'0'");
  }

  @Test
  void garbageAndUnknownOptionsAreRefusedClearly() {
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString("a:1,b:2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("several endpoints");
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString("not a host!,password=" + SECRET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no valid host")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString("cache:6379,serviceName=m,password=" + SECRET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option 'serviceName'")
        .hasMessageContaining("ignoreUnknown=true").hasMessageNotContaining(SECRET);
    assertThat(RedisBackplaneOptions.fromConnectionString("cache:6379,serviceName=m,ignoreUnknown=true").uri())
        .isEqualTo("redis://cache:6379");
    assertThatThrownBy(() -> RedisBackplaneOptions.fromConnectionString("cache:6379,ssl=yes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ssl' is 'yes': use true or false");
  }
}
