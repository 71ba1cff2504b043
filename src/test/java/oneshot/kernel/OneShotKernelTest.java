package oneshot.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel without a Jupyter connection: magics, rendering of results, error formatting. */
class OneShotKernelTest {
    private static OneShotKernel kernel;

    @BeforeAll
    static void start() {
        kernel = OneShotKernel.create(RunningClasspath.entries());
        kernel.onStartup();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    /** Compiles {@code probe.<name>} with a static {@code hi()} into a fresh folder, outside the kernel's classpath. */
    private static Path compileProbe(Path dir, String name) throws Exception {
        Path src = dir.resolve("src/probe/" + name + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package probe; public class " + name
                + " { public static String hi() { return \"hi from " + name + "\"; } }");
        Path classes = dir.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.toString()));
        return classes;
    }

    @Test
    void classpathMagicAddsAFolderForTheFollowingCode(@TempDir Path dir) throws Exception {
        Path classes = compileProbe(dir, "Hello");
        assertThrows(CellCompilationException.class, () -> kernel.eval("probe.Hello.hi()"));
        DisplayData out = kernel.eval("%classpath " + classes + "\nprobe.Hello.hi()");
        assertEquals("hi from Hello", out.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void cellClasspathMagicTakesOneEntryPerLine(@TempDir Path dir) throws Exception {
        Path classes = compileProbe(dir, "Cell");
        assertEquals(null, kernel.eval("%%classpath\n# a comment\n" + classes + "\n"));
        assertEquals("hi from Cell", kernel.eval("probe.Cell.hi()").getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void classpathMagicRejectsAMissingPathButNotAnEmptyGlob(@TempDir Path dir) {
        Path missing = dir.resolve("no-such.jar");
        CellRuntimeException e = assertThrows(CellRuntimeException.class, () -> kernel.eval("%classpath " + missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertEquals(null, kernel.eval("%jars " + dir.resolve("*.jar")));
    }

    @Test
    void valuesAreRenderedAndErrorsFormattedWithoutKernelFrames() {
        assertEquals("6", kernel.eval("2 * 3").getData(MIMEType.TEXT_PLAIN));
        CellCompilationException e = assertThrows(CellCompilationException.class, () -> kernel.eval("String s = 5;"));
        List<String> lines = kernel.formatError(e);
        assertTrue(lines.stream().anyMatch(l -> l.contains("String s = 5;")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("oneshot.kernel")), lines.toString());
        assertEquals(0, e.getStackTrace().length, "the Jupyter traceback must not list kernel frames");
    }

    @Test
    void isCompleteAnswersForJupyterConsoles() {
        assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("int x = 1;"));
        assertEquals("", kernel.isComplete("if (true) {"));
    }

    @Test
    void mavenMagicRejectsMalformedCoordinates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MavenMagic.parse("junit"));
        assertTrue(e.getMessage().contains("'junit'"), e.getMessage());
        assertEquals(List.of("g", "a", "1.0", "jar", ""), List.of(MavenMagic.parse("g:a:1.0")));
        assertEquals(List.of("g", "a", "2", "jar", "linux-x86_64"), List.of(MavenMagic.parse("g:a:jar:linux-x86_64:2")));
    }

    @Test
    void mavenMagicResolvesWithMavenFromTheLocalRepository() throws Exception {
        // picocli is a dependency of the project, so the offline attempt finds it in the local repository.
        List<String> jars = MavenMagic.resolve("info.picocli:picocli:4.7.7");
        assertEquals(1, jars.size(), jars.toString());
        assertTrue(jars.get(0).endsWith("picocli-4.7.7.jar") && Files.isRegularFile(Path.of(jars.get(0))), jars.toString());
    }

    @Test
    void loadMagicRunsAFile(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("helpers.jsh");
        Files.writeString(script, "int triple(int x) { return 3 * x; }\n");
        kernel.eval("%load " + script);
        assertEquals("21", kernel.eval("triple(7)").getData(MIMEType.TEXT_PLAIN));
    }
}
