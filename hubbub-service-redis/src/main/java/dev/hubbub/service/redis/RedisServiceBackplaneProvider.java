package dev.hubbub.service.redis;

import dev.hubbub.server.redis.RedisBackplaneOptions;
import dev.hubbub.service.spi.ServiceBackplane;
import dev.hubbub.service.spi.ServiceBackplaneProvider;

/**
 * Makes {@link RedisServiceBackplane}s (found by ServiceLoader) for {@code redis://} and {@code rediss://} URIs, and
 * for connection strings in StackExchange.Redis's form, {@code host:port,password=...}, as an Aspire app host injects
 * them ({@code ConnectionStrings__cache}).
 */
public final class RedisServiceBackplaneProvider implements ServiceBackplaneProvider {

  @Override
  public boolean supports(String uri) {
    return uri.startsWith("redis://") || uri.startsWith("rediss://") || !uri.contains("://");
  }

  @Override
  public ServiceBackplane create(String uri) {
    String redisUri = uri.contains("://") ? uri : RedisBackplaneOptions.fromConnectionString(uri).uri();
    return RedisServiceBackplane.create(RedisServiceBackplaneOptions.of(redisUri));
  }
}
