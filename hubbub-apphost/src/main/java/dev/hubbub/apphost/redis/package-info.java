/**
 * Redis in the app host, Aspire's {@code Aspire.Hosting.Redis}: {@link dev.hubbub.apphost.redis.RedisResource}, added
 * with {@code DistributedApplicationBuilder.addRedis}. Run mode starts a local {@code redis-server}; publish mode
 * writes Aspire's Redis container resource.
 */
@NullMarked
package dev.hubbub.apphost.redis;

import org.jspecify.annotations.NullMarked;
