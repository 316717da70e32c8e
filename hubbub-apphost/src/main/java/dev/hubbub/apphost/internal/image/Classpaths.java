package dev.hubbub.apphost.internal.image;

import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.ProjectResource;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** The classpath entries of a project, with the {@code Class-Path} of manifest-only jars (Surefire's booter) expanded. */
final class Classpaths {

    private Classpaths() {
    }

    static List<Path> expand(ProjectResource project) {
        List<Path> own = project.classpath();
        List<Path> start = new ArrayList<>();
        if (own != null) {
            start.addAll(own);
        } else {
            for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator, -1)) {
                if (!e.isEmpty()) {
                    start.add(Path.of(e));
                }
            }
        }
        Set<Path> out = new LinkedHashSet<>();
        for (Path p : start) {
            add(p.toAbsolutePath().normalize(), out, project);
        }
        return List.copyOf(out);
    }

    private static void add(Path entry, Set<Path> out, ProjectResource project) {
        if (!Files.exists(entry)) {
            throw new DistributedApplicationException("Classpath entry '" + entry + "' of project '" + project.name()
                    + "' does not exist: build the project first, or fix withClasspath(...).");
        }
        if (!out.add(entry) || Files.isDirectory(entry)) {
            return;
        }
        String classPath;
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
        } catch (IOException e) {
            throw new DistributedApplicationException("Classpath entry '" + entry + "' of project '" + project.name()
                    + "' is not a readable jar: " + e.getMessage() + ".", e);
        }
        if (classPath == null || classPath.isBlank()) {
            return;
        }
        for (String item : classPath.trim().split("\\s+", -1)) {
            URI uri = URI.create(item);
            Path p = uri.getScheme() != null ? Path.of(uri) : entry.resolveSibling(uri.getPath());
            add(p.toAbsolutePath().normalize(), out, project);
        }
    }
}
