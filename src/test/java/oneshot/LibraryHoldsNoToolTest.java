package oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library jar holds the library: it is target/classes as compiled, so no class of src/tools/java (benchmarks, fits,
 * golden harnesses, analysis tools; the -tools jar) may be there, and every entry point there is a command. A new
 * {@code main} in src/main/java is either a command (add it below, and to {@code ./oneshot} if it is one) or a tool
 * (move it to src/tools/java).
 */
class LibraryHoldsNoToolTest {
    /** The library's entry points: the launchers, the commands' runner, the notebook kernel, the Spark jobs, training's jobs. */
    private static final Set<String> COMMANDS = Set.of("Align", "Embed", "Enroll", "Evaluate", "GalleryCopy", "Identify",
            "ImportWeights", "InstallKernel", "Serve", "Train", "Verify", "oneshot.kernel.KernelMain",
            "oneshot.spark.EmbedImagesJob", "oneshot.spark.IdentifyProbesJob", "oneshot.spark.ExportEmbeddingTable",
            "oneshot.train.TeacherTargetsJob", "oneshot.train.LfwHalfSplits", "oneshot.train.LfwHalvesEvaluation");

    @Test
    void noToolClassIsCompiledIntoTheLibrary() throws IOException {
        Path library = libraryClasses();
        Set<String> tools = toolClasses();
        assertTrue(tools.contains("oneshot.embed.EmbedBenchmark"), "src/tools/java not found or not read: " + tools);
        Set<String> inLibrary = new TreeSet<>();
        for (String tool : tools) {
            if (Files.exists(library.resolve(tool.replace('.', '/') + ".class"))) {
                inLibrary.add(tool);
            }
        }
        assertEquals(Set.of(), inLibrary, "tool classes in " + library);
    }

    @Test
    void everyEntryPointOfTheLibraryIsACommand() throws Exception {
        Set<String> entryPoints = new TreeSet<>();
        for (String name : classNames(libraryClasses())) {
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("main") && Modifier.isStatic(m.getModifiers())
                        && List.of(m.getParameterTypes()).equals(List.of(String[].class))) {
                    entryPoints.add(name);
                }
            }
        }
        assertTrue(entryPoints.contains("Align"), "no launcher found in " + libraryClasses() + ": " + entryPoints);
        entryPoints.removeAll(COMMANDS);
        assertEquals(Set.of(), entryPoints, "main() in the library that is no command: a tool belongs in src/tools/java");
    }

    /** Where the library's classes were loaded from: target/classes, what the library jar packs. */
    private static Path libraryClasses() throws IOException {
        try {
            Path p = Path.of(ProjectRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(Files.isDirectory(p), "the library's classes are not a folder: " + p);
            assertFalse(p.endsWith("test-classes"), "library class loaded from the test classes: " + p);
            return p;
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static Set<String> toolClasses() throws IOException {
        Path sources = ProjectRoot.get().resolve("src/tools/java");
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String rel = sources.relativize(f).toString();
                out.add(rel.substring(0, rel.length() - ".java".length()).replace('/', '.'));
            });
        }
        return out;
    }

    /** Top-level and nested classes of a class folder. */
    private static Set<String> classNames(Path root) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                String rel = root.relativize(f).toString();
                out.add(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'));
            });
        }
        out.removeIf(n -> n.endsWith("package-info") || n.equals("module-info"));
        return out;
    }
}
