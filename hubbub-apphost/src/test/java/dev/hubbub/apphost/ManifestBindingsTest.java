package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.apphost.internal.manifest.ManifestPublisher;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Bindings as Aspire writes them: no {@code port} equal to {@code targetPort}; automatic target ports skip used ones. */
class ManifestBindingsTest {

    private static String manifest(DistributedApplicationBuilder builder) {
        return ManifestPublisher.render(builder.resources(), Path.of("out")).get("aspire-manifest.json").replaceAll("\\s+", " ");
    }

    @Test
    void portEqualToTargetPortIsOmitted() {
        var builder = TestBuilders.publish();
        builder.addExecutable("worker", "node").withHttpEndpoint(8080, "PORT");
        assertThat(manifest(builder)).contains("\"transport\": \"http\", \"targetPort\": 8080 }").doesNotContain("\"port\"");
    }

    @Test
    void automaticTargetPortsSkipAnExplicitOneSeenBefore() {
        var builder = TestBuilders.publish();
        builder.addExecutable("a", "node").withHttpEndpoint(8000, "PORT").withHttpEndpoint(0, "admin", "ADMIN_PORT");
        builder.addExecutable("b", "node").withHttpEndpoint(0, "PORT");
        String m = manifest(builder);
        assertThat(m).contains("\"a\": { \"type\": \"executable.v0\"")
                .contains("\"http\": { \"scheme\": \"http\", \"protocol\": \"tcp\", \"transport\": \"http\", \"targetPort\": 8000 }, "
                        + "\"admin\": { \"scheme\": \"http\", \"protocol\": \"tcp\", \"transport\": \"http\", \"targetPort\": 8001 }")
                .contains("\"b\": { \"type\": \"executable.v0\"")
                .endsWith("\"http\": { \"scheme\": \"http\", \"protocol\": \"tcp\", \"transport\": \"http\", \"targetPort\": 8002 } } } } }");
    }
}
