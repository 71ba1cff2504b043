package oneshot.server;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import oneshot.OneShot;
import oneshot.OneShotOptions;
import oneshot.SharedData;
import oneshot.embed.EmbedBenchmark;
import oneshot.io.AtomicFiles;

/**
 * Load on the HTTP server, in-process on a free loopback port with API keys, over real HTTP (java.net.http):
 *
 * <ol>
 *   <li>warm latency of identify for a one-face image (bbt penny2.png, 150 x 150), one client, p50 / p99;</li>
 *   <li>8 identify clients for 60 s while 2 clients enrol LFW people (first image of each, new names): throughput,
 *       latency, errors (any answer other than 2xx, and 422 for an LFW image without exactly one dominant face, counted
 *       apart), then every acknowledged enrolment looked up in the gallery (lost = acknowledged and missing);</li>
 *   <li>memory over 10,000 identify requests (8 clients): RSS and heap after GC every 1,000.</li>
 * </ol>
 *
 * Prints a table with the machine's 2048x2048 matmul rate and the load average before and after, since the machine may
 * be shared, and the server's own Server-Timing phases beside the client's latency. {@code --model M} (default
 * dlib-resnet34), {@code --seconds S}, {@code --requests N}, {@code --workers N}, {@code --sequential N} (measured
 * one-face requests), {@code --warmup N} (requests before them, default 200).
 */
public final class ServerLoadBenchmark {
    private static final String ADMIN = ApiKeys.newKey();
    private static final String RECOGNITION = ApiKeys.newKey();

    private ServerLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        oneshot.net.EngineDefaults.apply();
        String model = "dlib-resnet34";
        int seconds = 60;
        int requests = 10_000;
        int workers = Runtime.getRuntime().availableProcessors();
        int sequential = 300;
        int warmup = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = args[++i];
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--sequential" -> sequential = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--model M --seconds S --requests N --workers N --sequential N --warmup N)");
            }
        }
        String loadBefore = loadAverage();
        double matmul = EmbedBenchmark.matmulGflops(4);
        Path dir = Files.createTempDirectory("oneshot-load");
        try (OneShot oneShot = OneShot.open(new OneShotOptions().model(model));
                OneShotServer server = OneShotServer.start(oneShot, new OneShotServer.Settings("127.0.0.1", 0,
                        dir.resolve("default.gallery"), 20L << 20, Duration.ofSeconds(30), workers, 32,
                        ApiKeys.of(Map.of(Role.ADMIN, ADMIN, Role.RECOGNITION, RECOGNITION))))) {
            String base = "http://127.0.0.1:" + server.port();
            ApiClient admin = new ApiClient(base, ADMIN);
            ApiClient recognition = new ApiClient(base, RECOGNITION);
            String[] cast = {"amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"};
            for (String p : cast) {
                expect(201, admin.postMultipart("/api/v1/galleries/default/subjects", ApiClient.parts("name", p, "image",
                        bbt(p, 1))));
            }
            byte[] oneFace = bbt("penny", 2);
            String identify = "/api/v1/galleries/default/identify";
            // warm-up: after 20 requests (the old default) the JIT was still compiling (C2 frames in a perf profile)
            for (int i = 0; i < warmup; i++) {
                expect(200, recognition.postBytes(identify, "image/png", oneFace));
            }
            double[] warm = new double[sequential];
            Map<String, double[]> phases = new LinkedHashMap<>();
            for (int i = 0; i < sequential; i++) {
                long t0 = System.nanoTime();
                ApiClient.Answer a = recognition.postBytes(identify, "image/png", oneFace);
                warm[i] = (System.nanoTime() - t0) / 1e6;
                expect(200, a);
                for (Map.Entry<String, Double> e : ServerTiming.parse(
                        a.raw().headers().firstValue(ServerTiming.HEADER).orElse("")).entrySet()) {
                    phases.computeIfAbsent(e.getKey(), k -> new double[warm.length])[i] = e.getValue();
                }
            }

            Mixed mixed = mixed(admin, recognition, identify, seconds, cast);
            Set<String> stored = storedFaces(admin);
            int lost = 0;
            for (String a : mixed.acked) {
                lost += stored.contains(a) ? 0 : 1;
            }

            // the rows measured so far are printed now, so a run stopped during the long memory phase still reports them
            System.out.printf(Locale.ROOT, "%nServerLoadBenchmark: model %s, %d workers, %d cores, java %s%n", oneShot.modelId(),
                    workers, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "2048x2048 float32 matmul: %.1f GFLOP/s; load average before %s, after the mixed"
                    + " phase %s%n%n", matmul, loadBefore, loadAverage());
            System.out.println("| measure | value |");
            System.out.println("|---|---|");
            System.out.printf(Locale.ROOT, "| identify, one face (penny2.png 150x150), one client, %d warm requests: p50 / p99 / mean"
                    + " | %.1f / %.1f / %.1f ms |%n", sequential, EmbedBenchmark.percentile(warm, 50),
                    EmbedBenchmark.percentile(warm, 99), mean(warm));
            StringBuilder inside = new StringBuilder();
            for (Map.Entry<String, double[]> e : phases.entrySet()) {
                inside.append(inside.length() == 0 ? "" : " / ").append(e.getKey())
                        .append(String.format(Locale.ROOT, " %.1f", EmbedBenchmark.percentile(e.getValue(), 50)));
            }
            System.out.printf(Locale.ROOT, "| same, inside the server (Server-Timing), p50 of each phase | %s ms |%n", inside);
            double[] lat = mixed.identifyMs.stream().mapToDouble(Double::doubleValue).toArray();
            System.out.printf(Locale.ROOT, "| 8 identify clients + 2 enrolling, %d s: identify throughput | %.1f requests/s"
                    + " (%d) |%n", seconds, lat.length / mixed.seconds, lat.length);
            System.out.printf(Locale.ROOT, "| same, identify latency p50 / p99 | %.1f / %.1f ms |%n",
                    EmbedBenchmark.percentile(lat, 50), EmbedBenchmark.percentile(lat, 99));
            System.out.printf(Locale.ROOT, "| same, enrolments acknowledged (201) / refused 422 (LFW image without one dominant"
                    + " face) | %d / %d |%n", mixed.acked.size(), mixed.refused.get());
            System.out.printf(Locale.ROOT, "| same, errors (any other answer or failure) | %d%s |%n", mixed.errors.get(),
                    mixed.firstError == null ? "" : " (first: " + mixed.firstError + ")");
            System.out.printf(Locale.ROOT, "| lost enrolments (acknowledged, not in the gallery afterwards) | %d of %d |%n",
                    lost, mixed.acked.size());
            System.out.flush();
            List<String> memory = memory(recognition, identify, requests);
            System.out.printf(Locale.ROOT, "| memory over %,d identify requests (8 clients): RSS kB / heap used after GC MB, every"
                    + " %,d | %s |%n", requests, requests / 10, String.join(", ", memory));
            System.out.printf("load average at the end: %s%n", loadAverage());
            System.out.printf("peak RSS: %s%n", EmbedBenchmark.peakRss());
        }
    }

    /** What the mixed phase saw. */
    private static final class Mixed {
        final List<Double> identifyMs = Collections.synchronizedList(new ArrayList<>());
        final List<String> acked = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        volatile String firstError;
        double seconds;

        void error(String what) {
            if (errors.incrementAndGet() == 1) {
                firstError = what;
            }
        }
    }

    private static Mixed mixed(ApiClient admin, ApiClient recognition, String identify, int seconds, String[] cast)
            throws Exception {
        Mixed m = new Mixed();
        List<Path> lfw = lfwFirstImages();
        AtomicInteger next = new AtomicInteger();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int c = 0; c < 8; c++) {
            int client = c;
            threads.add(new Thread(() -> {
                await(go);
                for (int i = 0; System.nanoTime() < end; i++) {
                    try {
                        byte[] img = bbt(cast[(client + i) % cast.length], 2 + i % 4);
                        long t0 = System.nanoTime();
                        ApiClient.Answer a = recognition.postBytes(identify, "image/png", img);
                        if (a.status() == 200) {
                            m.identifyMs.add((System.nanoTime() - t0) / 1e6);
                        } else {
                            m.error("identify " + a);
                        }
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        m.error("identify " + e);
                    }
                }
            }, "identify-" + c));
        }
        for (int c = 0; c < 2; c++) {
            threads.add(new Thread(() -> {
                await(go);
                while (System.nanoTime() < end) {
                    int k = next.getAndIncrement();
                    if (k >= lfw.size()) {
                        return;
                    }
                    Path img = lfw.get(k);
                    String name = "lfw " + img.getParent().getFileName().toString().replace('_', ' ');
                    try {
                        byte[] bytes = Files.readAllBytes(img);
                        ApiClient.Answer a = admin.postMultipart("/api/v1/galleries/default/subjects",
                                ApiClient.parts("name", name, "image", bytes));
                        if (a.status() == 201) {
                            m.acked.add(name + "\n" + AtomicFiles.sha256(bytes));
                        } else if (a.status() == 422) {
                            m.refused.incrementAndGet();
                        } else {
                            m.error("enrol " + img.getFileName() + ": " + a);
                        }
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        m.error("enrol " + e);
                    }
                }
            }, "enrol-" + c));
        }
        threads.forEach(Thread::start);
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        m.seconds = (System.nanoTime() - t0) / 1e9;
        return m;
    }

    /** Every stored face as "name\nsource sha256", read back through the API. */
    private static Set<String> storedFaces(ApiClient admin) throws IOException, InterruptedException {
        Set<String> out = new HashSet<>();
        for (JsonElement p : expect(200, admin.get("/api/v1/galleries/default/subjects")).json().getAsJsonArray()) {
            String name = p.getAsJsonObject().get("name").getAsString();
            String path = "/api/v1/galleries/default/subjects/" + java.net.URLEncoder.encode(name,
                    java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
            for (JsonElement f : expect(200, admin.get(path)).object().getAsJsonArray("faces")) {
                out.add(name + "\n" + f.getAsJsonObject().get("source").getAsString());
            }
        }
        return out;
    }

    private static List<String> memory(ApiClient recognition, String identify, int requests) throws Exception {
        List<String> samples = Collections.synchronizedList(new ArrayList<>());
        samples.add(sample());
        AtomicLong done = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        byte[] img = bbt("penny", 2);
        List<Thread> threads = new ArrayList<>();
        Object lock = new Object();
        for (int c = 0; c < 8; c++) {
            threads.add(new Thread(() -> {
                while (true) {
                    long n = done.incrementAndGet();
                    if (n > requests) {
                        return;
                    }
                    try {
                        if (recognition.postBytes(identify, "image/png", img).status() != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.incrementAndGet();
                    }
                    if (n % (requests / 10) == 0) {
                        synchronized (lock) {
                            samples.add(sample());
                            System.err.printf("memory after %d requests: %s (RSS kB / heap MB), load %s%n", n,
                                    samples.get(samples.size() - 1), loadAverage());
                        }
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        if (failures.get() > 0) {
            samples.add("(" + failures.get() + " failed)");
        }
        return samples;
    }

    private static String sample() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        try {
            return EmbedBenchmark.currentRss() + " / " + heap;
        } catch (IOException e) {
            return "n/a / " + heap;
        }
    }

    private static List<Path> lfwFirstImages() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> people = Files.list(SharedData.require("data/lfw"))) {
            for (Path p : people.filter(Files::isDirectory).sorted().toList()) {
                Path first = p.resolve(p.getFileName() + "_0001.jpg");
                if (Files.isRegularFile(first)) {
                    out.add(first);
                }
            }
        }
        return out;
    }

    private static byte[] bbt(String person, int n) {
        try {
            return Files.readAllBytes(SharedData.require("data/bbt/" + person + "/" + person + n + ".png"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ApiClient.Answer expect(int status, ApiClient.Answer a) {
        if (a.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + a);
        }
        return a;
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
