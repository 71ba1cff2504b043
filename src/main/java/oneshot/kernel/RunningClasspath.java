package oneshot.kernel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The classpath the running code was loaded from, as file paths: what the kernel gives JShell, and what the
 * installer writes into kernel.json.
 *
 * <p>{@code java.class.path} alone is not enough: under {@code mvn exec:java} the project sits in a URLClassLoader of
 * the plugin, and under surefire in the Class-Path of a manifest-only jar. Both are unpacked here.
 */
public final class RunningClasspath {
    private RunningClasspath() {}

    public static List<String> entries() {
        Set<String> out = new LinkedHashSet<>();
        ClassLoader own = RunningClasspath.class.getClassLoader();
        if (own instanceof URLClassLoader ucl && own != ClassLoader.getSystemClassLoader()) {
            // exec:java and similar hosts: the loader of the project holds exactly the project's runtime classpath;
            // its parents are the host's own (Maven's), which cells must not see.
            for (URL url : ucl.getURLs()) {
                addWithManifest(toPath(url), out);
            }
        } else {
            for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    addWithManifest(Paths.get(entry).toAbsolutePath().normalize(), out);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static Path toPath(URL url) {
        try {
            return Paths.get(url.toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("class path entry is not a local file: " + url, e);
        }
    }

    private static void addWithManifest(Path entry, Set<String> out) {
        if (!out.add(entry.toString())) {
            return;
        }
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || classPath.isBlank()) {
                return;
            }
            for (String ref : classPath.trim().split("\\s+")) {
                URL url = new URL(entry.toUri().toURL(), ref);
                addWithManifest(toPath(url), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of class path jar " + entry, e);
        }
    }
}
