/**
 * Several Hubbub service nodes over one Redis: {@link dev.hubbub.service.redis.RedisServiceBackplane}.
 */
@NullMarked
package dev.hubbub.service.redis;

import org.jspecify.annotations.NullMarked;
