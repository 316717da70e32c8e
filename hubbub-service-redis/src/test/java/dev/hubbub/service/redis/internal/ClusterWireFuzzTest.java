package dev.hubbub.service.redis.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Whatever another process publishes on the cluster's channels, reading it either succeeds or fails with
 * IllegalArgumentException (the node logs it and drops the payload): no other exception, no allocation past the
 * payload's size, no deep recursion.
 */
class ClusterWireFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void read(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    try {
      ClusterWire.Send send = ClusterWire.readSend(bytes);
      // What was read can be written again.
      ClusterWire.readSend(ClusterWire.send(send.target(), send.framed()));
    } catch (IllegalArgumentException expected) {
      // dropped by the node
    }
    try {
      ClusterWire.Query query = ClusterWire.readQuery(bytes);
      ClusterWire.readQuery(ClusterWire.query(query));
    } catch (IllegalArgumentException expected) {
      // dropped by the node
    }
    try {
      ClusterWire.readReply(bytes);
    } catch (IllegalArgumentException expected) {
      // dropped by the node
    }
  }
}
