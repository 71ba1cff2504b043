package oneshot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import oneshot.ProjectRoot;
import oneshot.SharedData;
import oneshot.kernel.RunningClasspath;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page end to end in a real headless Chromium: runs {@code src/test/node/web/web-page.test.js} (playwright-core
 * driving Debian's {@code /usr/bin/chromium}), which starts {@code Serve} on this test's classpath and fails on any
 * wrong text or DOM state; this test fails when it fails.
 *
 * <p>Skipped only on a developer machine without Chromium, Node.js or the npm packages ({@code npm ci} in
 * {@code src/test/node/web}); with {@code CI} set (as {@code .ci/run} does, after installing them) a missing tool is a
 * failure, so CI can never pass without running the browser.
 */
class WebPageBrowserTest {
    private static final Path NODE_DIR = ProjectRoot.get().resolve("src/test/node/web");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @TempDir
    Path work;

    @Test
    void enrolIdentifyVerifyAndDeleteThroughThePage() throws Exception {
        Path node = onPath("node");
        List<String> missing = new ArrayList<>();
        if (node == null) {
            missing.add("node (Node.js) on the PATH");
        }
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (apt-get install chromium)");
        }
        if (!Files.isRegularFile(NODE_DIR.resolve("node_modules/playwright-core/package.json"))) {
            missing.add("playwright-core (npm ci in " + NODE_DIR + ")");
        }
        if (!missing.isEmpty()) {
            String what = "the browser test needs " + String.join(", ", missing);
            if (onCi()) {
                fail("CI is set: " + what + " (.ci/run installs them)");
            }
            Assumptions.abort(what + "; skipped outside CI");
        }

        Path screenshots = ProjectRoot.get().resolve("target/web-screenshots");
        Path log = work.resolve("web-page-test.log");
        ProcessBuilder pb = new ProcessBuilder(node.toString(), NODE_DIR.resolve("web-page.test.js").toString())
                .directory(ProjectRoot.get().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("ONESHOT_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("ONESHOT_CLASSPATH", String.join(File.pathSeparator, RunningClasspath.entries()));
        env.put("ONESHOT_SHARED", SharedData.root().toString());
        env.put("ONESHOT_SCREENSHOTS", screenshots.toString());
        env.put("CHROMIUM", CHROMIUM.toString());
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "the browser test did not finish within 10 minutes:\n" + output);
        assertEquals(0, p.exitValue(), "the browser test failed (screenshots in " + screenshots + "):\n" + output);
        assertTrue(output.contains("[web-test] PASS"), output);
    }

    private static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
