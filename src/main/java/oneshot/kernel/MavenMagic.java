package oneshot.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code %maven group:artifact:version} (IJava and JJava): resolves the artifact and its dependencies with the
 * {@code mvn} on the PATH, offline from the local repository first, then online, and adds the jars to the classpath.
 */
final class MavenMagic {
    private static final long TIMEOUT_MINUTES = 10;
    private final Consumer<String> addToClasspath;

    MavenMagic(Consumer<String> addToClasspath) {
        this.addToClasspath = addToClasspath;
    }

    List<String> add(List<String> coordinates) throws IOException, InterruptedException {
        List<String> added = new ArrayList<>();
        for (String coordinate : coordinates) {
            for (String jar : resolve(coordinate)) {
                addToClasspath.accept(jar);
                added.add(jar);
            }
        }
        return added;
    }

    /** The jars of one coordinate and its runtime dependencies, as Maven resolves them. */
    static List<String> resolve(String coordinate) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("oneshot-maven-magic");
        try {
            Files.writeString(dir.resolve("pom.xml"), pomFor(parse(coordinate)));
            Path out = dir.resolve("classpath.txt");
            String log = runMaven(dir, out, true);
            if (!Files.exists(out)) {
                log = runMaven(dir, out, false);
            }
            if (!Files.exists(out)) {
                throw new IllegalStateException("%maven " + coordinate + ": Maven could not resolve it:\n" + log);
            }
            String cp = Files.readString(out).strip();
            return cp.isEmpty() ? List.of() : Arrays.asList(cp.split(java.io.File.pathSeparator));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String runMaven(Path dir, Path out, boolean offline) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(System.getenv().getOrDefault("MAVEN_CMD", "mvn"), "-B", "-q"));
        if (offline) {
            cmd.add("-o");
        }
        cmd.addAll(List.of("dependency:build-classpath", "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=" + out));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] log = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("%maven: mvn did not finish within " + TIMEOUT_MINUTES + " minutes");
        }
        return new String(log, StandardCharsets.UTF_8);
    }

    /** group:artifact:version, group:artifact:type:version or group:artifact:type:classifier:version. */
    static String[] parse(String coordinate) {
        String[] p = coordinate.strip().split(":");
        if (p.length < 3 || p.length > 5 || Arrays.stream(p).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("%maven: '" + coordinate
                    + "' is not group:artifact:version (or group:artifact:type[:classifier]:version)");
        }
        String type = p.length >= 4 ? p[2] : "jar";
        String classifier = p.length == 5 ? p[3] : "";
        return new String[] {p[0], p[1], p[p.length - 1], type, classifier};
    }

    private static String pomFor(String[] c) {
        String classifier = c[4].isEmpty() ? "" : "<classifier>" + xml(c[4]) + "</classifier>";
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>oneshot.notebook</groupId><artifactId>maven-magic</artifactId><version>0</version>"
                + "<dependencies><dependency><groupId>" + xml(c[0]) + "</groupId><artifactId>" + xml(c[1])
                + "</artifactId><version>" + xml(c[2]) + "</version><type>" + xml(c[3]) + "</type>" + classifier
                + "</dependency></dependencies></project>";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
