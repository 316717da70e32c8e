package dev.hubbub.server.redis.internal;

/**
 * The channel names of one hub, as ASP.NET Core's Redis backplane names them: {@code <prefix><hub>:all},
 * {@code :group:<g>}, {@code :user:<u>}, {@code :connection:<id>}, {@code :internal:groups},
 * {@code :internal:ack:<server>}, {@code :internal:return:<server>}.
 *
 * @param base the channel prefix followed by the hub's wire name
 */
public record RedisChannels(String base) {

  public static RedisChannels of(String prefix, String hubName) {
    return new RedisChannels(prefix + hubName);
  }

  public String all() {
    return base + ":all";
  }

  public String group(String group) {
    return base + ":group:" + group;
  }

  public String user(String userId) {
    return base + ":user:" + userId;
  }

  public String connection(String connectionId) {
    return base + ":connection:" + connectionId;
  }

  public String groupManagement() {
    return base + ":internal:groups";
  }

  public String ack(String serverName) {
    return base + ":internal:ack:" + serverName;
  }

  public String returnResults(String serverName) {
    return base + ":internal:return:" + serverName;
  }
}
