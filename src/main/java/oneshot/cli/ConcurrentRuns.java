package oneshot.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Trains several splits at once, each in a child JVM running Train on its one split with one Torch thread. On 2 cores
 * one training run gains nothing from Torch's second thread (1 thread: 0.97x the images/s of 2,
 * {@code TrainConcurrencyBenchmark}, docs/training.md), and DJL allows one gradient collector per process, so two runs
 * need two processes. Each child's lines are echoed with its split's name in front; a child ends when this process
 * ends (a shutdown hook, and the child's own watch on its parent for a kill -9), and the killed run resumes from its
 * checkpoint next time.
 */
final class ConcurrentRuns {
    /** Options the parent sets itself for each child (value-taking). */
    private static final Set<String> REPLACED = Set.of("--split", "--data", "--concurrent-runs");

    private ConcurrentRuns() {}

    /** The child's arguments: the parent's own, without the options it replaces, plus one split and the data. */
    static List<String> childArgs(List<String> original, Path split, Path dataRoot) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            String a = original.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (REPLACED.contains(name)) {
                if (!a.contains("=")) {
                    i++; // its value
                }
                continue;
            }
            out.add(a);
        }
        out.addAll(List.of("--split", split.toString(), "--data", dataRoot.toString(), "--concurrent-runs", "1",
                "--exit-with-parent"));
        return out;
    }

    /**
     * The class path a child JVM needs to start Train, or null when this JVM's classes do not come from its own class
     * path and no URL class loader names them (then runs go one after another).
     */
    static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        if (containsThisCode(cp)) {
            return cp;
        }
        ClassLoader cl = ConcurrentRuns.class.getClassLoader();
        if (cl instanceof URLClassLoader u) { // mvn exec:java: the project's classes in the plugin's loader
            List<String> parts = new ArrayList<>();
            for (URL url : u.getURLs()) {
                try {
                    parts.add(Path.of(url.toURI()).toString());
                } catch (Exception e) {
                    return null;
                }
            }
            String joined = String.join(File.pathSeparator, parts);
            return containsThisCode(joined) ? joined : null;
        }
        return null;
    }

    private static boolean containsThisCode(String classPath) {
        try {
            Path here = Path.of(ConcurrentRuns.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (String e : classPath.split(File.pathSeparator)) {
                if (!e.isEmpty() && Path.of(e).toAbsolutePath().normalize().equals(here.toAbsolutePath().normalize())) {
                    return true;
                }
            }
        } catch (Exception e) {
            return false;
        }
        return false;
    }

    /** Child runs under way, started by {@link #start}. */
    static final class Children {
        private final List<Path> splits;
        private final List<Process> processes = new ArrayList<>();
        private final List<Thread> echoes = new ArrayList<>();
        private final Thread hook = new Thread(() -> processes.forEach(Process::destroy), "stop-child-runs");

        private Children(List<Path> splits) {
            this.splits = splits;
        }

        /** Waits for every child; 0 when all exited 0, else the first non-zero exit code. */
        int waitFor() throws InterruptedException {
            try {
                int code = 0;
                for (int i = 0; i < processes.size(); i++) {
                    int c = processes.get(i).waitFor();
                    echoes.get(i).join();
                    if (c != 0 && code == 0) {
                        code = c;
                        System.err.println("Train of " + splits.get(i) + " exited with code " + c);
                    }
                }
                return code;
            } finally {
                stop();
            }
        }

        private void stop() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down (the hook runs), or never added
            }
            processes.forEach(Process::destroy);
        }
    }

    /** Starts one child per split, echoing its output. */
    static Children start(List<Path> splits, List<String> originalArgs, Path dataRoot, String classPath)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> jvm = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Dai.djl.pytorch.num_threads=") && !a.startsWith("-agentlib")
                    && !a.startsWith("-javaagent")) {
                jvm.add(a);
            }
        }
        Children children = new Children(splits);
        Runtime.getRuntime().addShutdownHook(children.hook);
        try {
            for (Path split : splits) {
                List<String> cmd = new ArrayList<>();
                cmd.add(java);
                cmd.addAll(jvm);
                cmd.add("-Dai.djl.pytorch.num_threads=1");
                cmd.addAll(List.of("-cp", classPath, "Train"));
                cmd.addAll(childArgs(originalArgs, split, dataRoot));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                children.processes.add(p);
                String tag = "[" + split.getFileName().toString().replaceFirst("\\.json$", "") + "] ";
                Thread echo = new Thread(() -> echo(p, tag), "echo-" + tag.trim());
                echo.setDaemon(true);
                echo.start();
                children.echoes.add(echo);
            }
        } catch (IOException | RuntimeException e) {
            children.stop();
            throw e;
        }
        return children;
    }

    private static void echo(Process p, String tag) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.err.println(tag + line);
            }
        } catch (IOException e) {
            System.err.println(tag + "(output lost: " + e.getMessage() + ")");
        }
    }

    /**
     * In a child: ends this JVM when the parent is gone (killed with -9, no shutdown hook ran), as a kill would; the
     * run resumes from its last checkpoint.
     */
    static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread watch = new Thread(() -> {
                while (parent.isAlive()) {
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                System.err.println("parent process " + parent.pid() + " is gone: stopping this run (it resumes from"
                        + " its last checkpoint)");
                Runtime.getRuntime().halt(143);
            }, "watch-parent");
            watch.setDaemon(true);
            watch.start();
        });
    }
}
