package oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import oneshot.net.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command run from a folder outside the project still finds the project's inputs ({@code ../shared}, {@code weights/}),
 * and a run prints no PyTorch deprecation noise (issue 16, item 6).
 */
class OtherWorkingDirectoryTest {
    @TempDir
    Path elsewhere;

    @Test
    void defaultsResolveFromTheProjectFolderNotTheWorkingDirectory() {
        Path project = Path.of("").toAbsolutePath(); // surefire runs in the project folder
        assertEquals(project, ProjectRoot.get());
        assertEquals(project.resolve("weights"), ModelStore.defaultDir().toAbsolutePath());
        assertEquals(project.resolve("../shared").normalize(), SharedData.root());
    }

    @Test
    void importWeightsRunsFromAnotherFolderWithoutTorchWarnings() throws Exception {
        Path out = elsewhere.resolve("w");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Xmx1g", "ImportWeights", "--allow-missing", "--out", out.toString())
                .directory(elsewhere.toFile()).redirectErrorStream(true)
                .redirectOutput(elsewhere.resolve("log.txt").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "ImportWeights did not finish");
        String log = Files.readString(elsewhere.resolve("log.txt"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), log);
        assertTrue(Files.isRegularFile(ModelStore.paramsFile(out, ModelStore.PARTIAL_IMPORT)), log);
        assertFalse(log.contains("AutoNonVariableTypeMode"), log);
        assertFalse(log.contains("[W "), "no libtorch warning line: " + log);
    }
}
