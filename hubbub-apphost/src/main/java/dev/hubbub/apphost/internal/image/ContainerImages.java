package dev.hubbub.apphost.internal.image;

import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.ProjectResource;
import dev.hubbub.apphost.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the images of every Java project after the manifest is written, as {@code --container-images} asks. */
public final class ContainerImages {

    private ContainerImages() {
    }

    /**
     * @param resources the model
     * @param settings what to build
     * @param outputDirectory the publish output directory ({@code images/} goes there)
     * @return the tarballs written (empty when pushing or building nothing)
     */
    public static List<Path> build(List<Resource> resources, ContainerImageSettings settings, Path outputDirectory) {
        List<Path> written = new ArrayList<>();
        if (settings.mode() == ContainerImageSettings.Mode.NONE) {
            return written;
        }
        Path cache = outputDirectory.resolve("images").resolve(".jib-cache");
        JavaImageBuilder builder = new JavaImageBuilder(settings, cache);
        for (Resource r : resources) {
            if (r instanceof ProjectResource p) {
                if (settings.mode() == ContainerImageSettings.Mode.TAR) {
                    Path tar = outputDirectory.resolve("images").resolve(p.name().toLowerCase(Locale.ROOT) + ".tar");
                    builder.buildTar(p, tar);
                    written.add(tar);
                } else {
                    builder.push(p);
                }
            }
        }
        deleteRecursively(cache);
        return written;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new DistributedApplicationException("Cannot delete Jib's layer cache '" + dir + "': " + e.getMessage()
                    + ". Delete it by hand.", e);
        }
    }
}
