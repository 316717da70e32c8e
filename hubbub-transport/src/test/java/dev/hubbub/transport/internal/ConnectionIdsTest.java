package dev.hubbub.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionIdsTest {
  @Test
  void idsAreSixteenRandomBytesInBase64UrlAndNeverRepeatAcrossPoolRefills() {
    Set<String> seen = new HashSet<>();
    // 1,000 ids draw 16,000 bytes: the 4 KiB pool is refilled three times.
    for (int i = 0; i < 1000; i++) {
      String id = ConnectionIds.next();
      assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]{22}");
      assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
      assertThat(seen.add(id)).as("id %s repeated", id).isTrue();
    }
  }
}
