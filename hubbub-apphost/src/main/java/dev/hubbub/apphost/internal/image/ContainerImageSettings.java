package dev.hubbub.apphost.internal.image;

import dev.hubbub.apphost.Configuration;
import dev.hubbub.apphost.DistributedApplicationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How Java projects become container images when publishing, from configuration:
 * <ul>
 *   <li>{@code Publishing:ContainerImages}: {@code none} (default: the manifest names the images, nothing is built),
 *       {@code tar} (one OCI image tarball per project in {@code <output>/images/<name>.tar}) or {@code registry}
 *       (pushed to {@code Publishing:ContainerRegistry});</li>
 *   <li>{@code Publishing:ContainerRegistry}: registry host (and optional namespace), e.g. {@code myacr.azurecr.io};
 *       prefixes every image name in the manifest;</li>
 *   <li>{@code Publishing:ContainerImageTag}: tag, {@code latest} by default;</li>
 *   <li>{@code Publishing:ContainerBaseImage}: base image, {@code eclipse-temurin:17-jre} by default (pulled from its
 *       registry), {@code tar://<path>} for a {@code docker save} tarball, or {@code scratch};</li>
 *   <li>{@code Publishing:ContainerJavaRuntime}: a Java runtime directory (e.g. {@code jlink} output) copied to
 *       {@code /opt/java} and used as the entrypoint's {@code java}; required with {@code scratch}.</li>
 * </ul>
 *
 * @param mode what to build
 * @param registry registry prefix, or null
 * @param tag image tag
 * @param baseImage base image reference, or {@code scratch}
 * @param javaRuntime runtime directory to add as a layer, or null to use the base image's {@code java}
 */
public record ContainerImageSettings(Mode mode, @Nullable String registry, String tag, String baseImage,
        @Nullable Path javaRuntime) {

    /** Default base image: a Java 17 runtime, as the project's {@code --release 17}. */
    public static final String DEFAULT_BASE_IMAGE = "eclipse-temurin:17-jre";

    /** What publishing builds. */
    public enum Mode {
        /** Nothing: the manifest names images built elsewhere. */
        NONE,
        /** Image tarballs in the output directory. */
        TAR,
        /** Images pushed to the registry. */
        REGISTRY
    }

    /**
     * @param configuration app host configuration
     * @return the settings
     * @throws DistributedApplicationException if a value is invalid
     */
    public static ContainerImageSettings from(Configuration configuration) {
        String modeText = configuration.get("Publishing:ContainerImages").orElse("none");
        Mode mode = switch (modeText.toLowerCase(Locale.ROOT)) {
            case "none" -> Mode.NONE;
            case "tar" -> Mode.TAR;
            case "registry" -> Mode.REGISTRY;
            default -> throw new DistributedApplicationException("Unknown value '" + modeText
                    + "' for Publishing:ContainerImages (--container-images): use none, tar or registry.");
        };
        String registry = configuration.get("Publishing:ContainerRegistry").map(String::strip)
                .map(r -> r.endsWith("/") ? r.substring(0, r.length() - 1) : r).filter(r -> !r.isEmpty()).orElse(null);
        if (mode == Mode.REGISTRY && registry == null) {
            throw new DistributedApplicationException("--container-images registry needs a registry to push to: set "
                    + "Publishing:ContainerRegistry (--container-registry myregistry.azurecr.io).");
        }
        String tag = configuration.get("Publishing:ContainerImageTag").orElse("latest");
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw new DistributedApplicationException("Container image tag '" + tag + "' is invalid: use up to 128 "
                    + "letters, digits, '_', '.' and '-', not starting with '.' or '-' (Publishing:ContainerImageTag).");
        }
        String base = configuration.get("Publishing:ContainerBaseImage").orElse(DEFAULT_BASE_IMAGE);
        Path runtime = configuration.get("Publishing:ContainerJavaRuntime").map(Path::of).orElse(null);
        if (runtime != null && !Files.isExecutable(runtime.resolve("bin/java"))) {
            throw new DistributedApplicationException("Publishing:ContainerJavaRuntime '" + runtime
                    + "' has no bin/java: point it at a Java runtime directory, e.g. the output of "
                    + "jlink --add-modules java.base,java.net.http --output <dir>.");
        }
        if (base.equals("scratch") && runtime == null && mode != Mode.NONE) {
            throw new DistributedApplicationException("Publishing:ContainerBaseImage is 'scratch', which has no Java: "
                    + "set Publishing:ContainerJavaRuntime to a Java runtime directory, or use a base image with Java "
                    + "such as " + DEFAULT_BASE_IMAGE + ".");
        }
        return new ContainerImageSettings(mode, registry, tag, base, runtime);
    }

    /**
     * The image reference of a project: {@code [<registry>/]<lowercased name>:<tag>}.
     *
     * @param resourceName the project's resource name
     * @return the reference written to the manifest
     */
    public String imageReference(String resourceName) {
        String repo = resourceName.toLowerCase(Locale.ROOT);
        return (registry == null ? "" : registry + "/") + repo + ":" + tag;
    }
}
