package oneshot.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelSpecInstallerTest {
    private static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void writesAKernelJsonJupyterCanStart(@TempDir Path dir) throws Exception {
        List<String> cp = RunningClasspath.entries();
        assertTrue(cp.stream().anyMatch(e -> e.endsWith("target" + java.io.File.separator + "classes")), cp.toString());
        KernelSpecInstaller installer = new KernelSpecInstaller("java", "Java (OneShot)", JAVA, cp, List.of("-Xmx1g"));

        Path written = installer.install(KernelSpecInstaller.prefixKernelsDir(dir));

        assertEquals(dir.resolve("share/jupyter/kernels/java/kernel.json"), written);
        assertFalse(Files.exists(written.resolveSibling("kernel.json.tmp")));
        JsonObject spec = JsonParser.parseString(Files.readString(written)).getAsJsonObject();
        assertEquals("Java (OneShot)", spec.get("display_name").getAsString());
        assertEquals("java", spec.get("language").getAsString());
        List<String> argv = new ArrayList<>();
        spec.getAsJsonArray("argv").forEach(e -> argv.add(e.getAsString()));
        assertEquals(List.of(JAVA, "-Xmx1g", "-cp", String.join(java.io.File.pathSeparator, cp),
                KernelMain.class.getName(), "{connection_file}"), argv);
    }

    @Test
    void theWrittenCommandFindsTheKernelMain(@TempDir Path dir) throws Exception {
        // Start argv as Jupyter would, with a missing connection file: the kernel's own usage error proves the
        // classpath holds KernelMain and its dependencies.
        KernelSpecInstaller installer = new KernelSpecInstaller("java", "x", JAVA, RunningClasspath.entries(), List.of());
        List<String> argv = new ArrayList<>();
        JsonParser.parseString(Files.readString(installer.install(dir))).getAsJsonObject().getAsJsonArray("argv")
                .forEach(e -> argv.add(e.getAsString()));
        argv.set(argv.size() - 1, dir.resolve("missing-connection.json").toString());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("missing-connection.json"), out);
    }

    @Test
    void rejectsNamesJupyterCannotUse() {
        assertThrows(IllegalArgumentException.class,
                () -> new KernelSpecInstaller("my kernel", "x", JAVA, List.of("a"), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new KernelSpecInstaller("java", "x", JAVA, List.of(), List.of()));
    }
}
