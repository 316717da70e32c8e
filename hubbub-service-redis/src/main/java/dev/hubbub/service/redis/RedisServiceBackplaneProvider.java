package dev.hubbub.service.redis;

import dev.hubbub.service.spi.ServiceBackplane;
import dev.hubbub.service.spi.ServiceBackplaneProvider;

/** Makes {@link RedisServiceBackplane}s for {@code redis://} and {@code rediss://} URIs (found by ServiceLoader). */
public final class RedisServiceBackplaneProvider implements ServiceBackplaneProvider {

  @Override
  public boolean supports(String uri) {
    return uri.startsWith("redis://") || uri.startsWith("rediss://");
  }

  @Override
  public ServiceBackplane create(String uri) {
    return RedisServiceBackplane.create(RedisServiceBackplaneOptions.of(uri));
  }
}
