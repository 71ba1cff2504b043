package oneshot.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oneshot.SharedData;
import oneshot.net.ModelStore;

/** {@code Serve} in a JVM of its own (the test's classpath), started and waited for until it prints its URL. */
final class ServeProcess implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("OneShot serving (http://\\S+?)/? ");

    final Process process;
    final String url;
    final Path log;

    private ServeProcess(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    static ServeProcess start(Path log, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Doneshot.shared=" + SharedData.root().toAbsolutePath(),
                "-Doneshot.weights=" + ModelStore.defaultDir().toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), "Serve"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = URL.matcher(line);
                    if (m.find()) {
                        ready.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process went away; the wait below reports it
            }
            ready.complete(null);
        }, "serve-stdout");
        reader.setDaemon(true);
        reader.start();
        String url;
        try {
            url = ready.get(180, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            url = null;
        }
        if (url == null) {
            p.destroyForcibly();
            throw new IllegalStateException("Serve did not start; its log:\n" + Files.readString(log));
        }
        return new ServeProcess(p, url, log);
    }

    /** kill -9: no shutdown hook, no flush, no close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the shutdown hook closes the server and the gallery
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
