package dev.hubbub.apphost.internal.image;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.EndpointAnnotation;
import dev.hubbub.apphost.ProjectResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the container image of a Java project with Jib, without a Docker daemon. Layers, most stable first:
 * the Java runtime (only with {@code Publishing:ContainerJavaRuntime}), the jars of the classpath in
 * {@code /app/libs}, the class directories in {@code /app/classes/<n>}. The entrypoint is
 * {@code java -cp <those, in classpath order> <main class>}; the manifest's {@code args} become the command.
 * File times and the creation time are fixed, so the same inputs give the same image digest.
 */
public final class JavaImageBuilder {

    private static final Logger LOG = LoggerFactory.getLogger("dev.hubbub.apphost.publish");
    private static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/app");
    private static final AbsoluteUnixPath JAVA_HOME = AbsoluteUnixPath.get("/opt/java");

    private final ContainerImageSettings settings;
    private final Path cacheDirectory;

    /**
     * @param settings the publishing settings
     * @param cacheDirectory where Jib keeps layers between builds
     */
    public JavaImageBuilder(ContainerImageSettings settings, Path cacheDirectory) {
        this.settings = settings;
        this.cacheDirectory = cacheDirectory;
    }

    /**
     * Builds one project's image to a tarball.
     *
     * @param project the project
     * @param tarball the file to write: an OCI image layout in a tar ({@code oci-layout}, {@code index.json},
     *     {@code blobs/sha256/...}), which {@code skopeo copy oci-archive:<file> docker://<ref>} pushes
     * @return the built image
     */
    public BuiltImage buildTar(ProjectResource project, Path tarball) {
        String reference = settings.imageReference(project.name());
        try {
            Files.createDirectories(tarball.toAbsolutePath().resolveSibling("").normalize());
            TarImage target = TarImage.at(tarball).named(reference);
            return build(project, Containerizer.to(target), reference, tarball.toString());
        } catch (IOException | InvalidImageReferenceException e) {
            throw failure(project, reference, e);
        }
    }

    /**
     * Builds one project's image and pushes it to the configured registry, with the credentials of the Docker
     * configuration ({@code ~/.docker/config.json} and its credential helpers, e.g. after {@code az acr login}).
     *
     * @param project the project
     * @return the built image
     */
    public BuiltImage push(ProjectResource project) {
        String reference = settings.imageReference(project.name());
        try {
            ImageReference ref = ImageReference.parse(reference);
            RegistryImage target = RegistryImage.named(ref)
                    .addCredentialRetriever(CredentialRetrieverFactory.forImage(ref, e -> LOG.debug("{}", e.getMessage()))
                            .dockerConfig());
            return build(project, Containerizer.to(target), reference, reference);
        } catch (InvalidImageReferenceException e) {
            throw failure(project, reference, e);
        }
    }

    private BuiltImage build(ProjectResource project, Containerizer containerizer, String reference, String where) {
        try {
            JibContainerBuilder builder = base();
            List<String> classpath = new ArrayList<>();
            List<Path> jars = new ArrayList<>();
            List<Path> dirs = new ArrayList<>();
            for (Path entry : Classpaths.expand(project)) {
                (Files.isDirectory(entry) ? dirs : jars).add(entry);
            }
            Path runtime = settings.javaRuntime();
            if (runtime != null) {
                builder.addFileEntriesLayer(directoryLayer("java-runtime", runtime, JAVA_HOME));
            }
            FileEntriesLayer.Builder libs = FileEntriesLayer.builder().setName("libs");
            Set<String> names = new HashSet<>();
            List<String> jarPaths = new ArrayList<>();
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                if (!names.add(name)) {
                    name = names.size() + "-" + name;
                    names.add(name);
                }
                AbsoluteUnixPath target = APP.resolve("libs").resolve(name);
                libs.addEntry(jar, target);
                jarPaths.add(target.toString());
            }
            builder.addFileEntriesLayer(libs.build());
            List<String> dirPaths = new ArrayList<>();
            for (int i = 0; i < dirs.size(); i++) {
                AbsoluteUnixPath target = APP.resolve("classes").resolve(Integer.toString(i));
                builder.addFileEntriesLayer(directoryLayer("classes-" + i, dirs.get(i), target));
                dirPaths.add(target.toString());
            }
            // Classpath order as on the app host: directories and jars interleave as they came.
            int d = 0;
            int j = 0;
            for (Path entry : Classpaths.expand(project)) {
                classpath.add(Files.isDirectory(entry) ? dirPaths.get(d++) : jarPaths.get(j++));
            }
            String java = runtime != null ? JAVA_HOME.resolve("bin/java").toString() : "java";
            builder.setEntrypoint(java, "-cp", String.join(":", classpath), project.mainClassName())
                    .setWorkingDirectory(APP)
                    .setFormat(ImageFormat.OCI)
                    .addLabel("dev.hubbub.resource", project.name());
            for (EndpointAnnotation e : project.annotations(EndpointAnnotation.class)) {
                Integer target = e.targetPort();
                if (target != null) {
                    builder.addExposedPort(Port.tcp(target));
                }
            }
            LOG.info("[{}] Building container image {} with Jib ({} jars, {} class directories, base {})",
                    project.name(), reference, jars.size(), dirs.size(), settings.baseImage());
            // Jib's own executor is shut down without waiting: after a failed build its cache writes could go on
            // behind the caller's back. With ours, publishing returns only once every task has ended.
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "hubbub-jib");
                t.setDaemon(true);
                return t;
            });
            JibContainer container;
            try {
                container = builder.containerize(containerizer
                        .setExecutorService(executor)
                        .setBaseImageLayersCache(cacheDirectory.resolve("base"))
                        .setApplicationLayersCache(cacheDirectory.resolve("application"))
                        .setToolName("hubbub-apphost"));
            } finally {
                executor.shutdown();
                if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            }
            LOG.info("[{}] Image {} written to {} (digest {})", project.name(), reference, where, container.getDigest());
            return new BuiltImage(project.name(), reference, container.getDigest().toString(), container.getImageId().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(project, reference, e);
        } catch (IOException | RegistryException | ExecutionException | InvalidImageReferenceException
                | com.google.cloud.tools.jib.api.CacheDirectoryCreationException e) {
            throw failure(project, reference, e);
        }
    }

    private JibContainerBuilder base() throws InvalidImageReferenceException {
        String base = settings.baseImage();
        if (base.equals("scratch")) {
            return Jib.fromScratch();
        }
        if (base.startsWith(Jib.TAR_IMAGE_PREFIX)) {
            return Jib.from(TarImage.at(Path.of(base.substring(Jib.TAR_IMAGE_PREFIX.length()))));
        }
        return Jib.from(base);
    }

    private static FileEntriesLayer directoryLayer(String name, Path source, AbsoluteUnixPath target) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(p -> !p.equals(source)).sorted().toList();
        }
        for (Path file : files) {
            AbsoluteUnixPath to = target.resolve(source.relativize(file).toString().replace('\\', '/'));
            if (!Files.isDirectory(file) && Files.isExecutable(file)) {
                layer.addEntry(file, to, FilePermissions.fromOctalString("755"));
            } else {
                layer.addEntry(file, to);
            }
        }
        return layer.build();
    }

    private DistributedApplicationException failure(ProjectResource project, String reference, Exception e) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String hint = settings.mode() == ContainerImageSettings.Mode.REGISTRY
                ? " Check that the registry is reachable and that you are logged in (docker login / az acr login "
                        + "write the credentials Jib reads from ~/.docker/config.json)."
                : "";
        if (!settings.baseImage().equals("scratch") && !settings.baseImage().startsWith(Jib.TAR_IMAGE_PREFIX)) {
            hint += " The base image " + settings.baseImage() + " is pulled from its registry; offline, use "
                    + "--container-base-image tar://<docker save tarball> or --container-base-image scratch with "
                    + "--container-java-runtime <jlink output>.";
        }
        return new DistributedApplicationException("Cannot build the container image " + reference + " of project '"
                + project.name() + "': " + what + "." + hint, e);
    }

    /**
     * One built image.
     *
     * @param resource the project's resource name
     * @param reference the image reference
     * @param digest the manifest digest, {@code sha256:...}
     * @param imageId the config digest
     */
    public record BuiltImage(String resource, String reference, String digest, String imageId) {
    }
}
