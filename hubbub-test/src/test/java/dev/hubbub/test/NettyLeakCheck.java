package dev.hubbub.test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran (the service, the hub server and the fake
 * servers run in this JVM with leak detection at paranoid). Registered for every class through
 * {@code META-INF/services} and {@code junit.jupiter.extensions.autodetection.enabled}; it installs its detector
 * factory before any test touches a buffer.
 */
public final class NettyLeakCheck implements AfterAllCallback {
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
      @Override
      @SuppressWarnings("deprecation") // the abstract method a factory must implement
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
          long maxActive) {
        return new ResourceLeakDetector<T>(resource, samplingInterval) {
          @Override
          protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(resourceType + records);
            super.reportTracedLeak(resourceType, records);
          }

          @Override
          protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(resourceType);
            super.reportUntracedLeak(resourceType);
          }
        };
      }
    });
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getParent().flatMap(ExtensionContext::getParent).isPresent()) {
      return; // a @Nested class: its outer class checks
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
      for (int j = 0; j < 64; j++) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        b.release();
      }
    }
    if (!LEAKS.isEmpty()) {
      List<String> leaks = new ArrayList<>(LEAKS);
      LEAKS.clear();
      throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) during "
          + context.getDisplayName() + ":\n" + String.join("\n", leaks));
    }
  }
}
