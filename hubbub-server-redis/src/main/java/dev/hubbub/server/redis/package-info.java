/**
 * Scale-out for self-hosted hub servers over Redis, wire-compatible with ASP.NET Core's
 * {@code Microsoft.AspNetCore.SignalR.StackExchangeRedis} backplane: {@link dev.hubbub.server.redis.RedisBackplane}.
 */
@NullMarked
package dev.hubbub.server.redis;

import org.jspecify.annotations.NullMarked;
