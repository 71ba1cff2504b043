package oneshot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import oneshot.OneShot;
import oneshot.OneShotOptions;
import oneshot.UsageException;
import oneshot.gallery.GalleryException;
import oneshot.gallery.GalleryLocation;
import oneshot.server.ApiKeys;
import oneshot.server.OneShotServer;
import oneshot.server.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code Serve}: OneShot as an HTTP service (docs/server.md, docs/api.md) until stopped (Ctrl-C, SIGTERM). */
@Command(name = "Serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves the gallery over HTTP: enrol, identify, verify, detect (JSON, OpenAPI at /openapi.json) and the",
                "web page at /. Listens on loopback unless --host says otherwise; API keys are required (admin, recognition)."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
public final class ServeCommand implements Callable<Integer> {
    static final Path DEFAULT_GALLERY = Path.of("galleries", "default.gallery");

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Interface to listen on (default: 127.0.0.1, loopback"
            + " only; 0.0.0.0 opens it to the network).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "N", description = "Port (default: 8080; 0 picks a free one, printed).")
    int port = 8080;

    @Option(names = "--gallery", paramLabel = "FILE|URL", description = "The default gallery (created if missing; default:"
            + " galleries/default.gallery). Other galleries are NAME.gallery in the same folder, with the key file. A"
            + " PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB?currentSchema=S) is a gallery several servers share;"
            + " such a server has only the default gallery and keeps its keys in galleries/.")
    String gallery = DEFAULT_GALLERY.toString();

    @Mixin
    GalleryCliOptions.ModelChoice modelChoice = new GalleryCliOptions.ModelChoice();

    @Mixin
    GalleryCliOptions.Decision decision = new GalleryCliOptions.Decision();

    @Option(names = "--max-upload-mb", paramLabel = "MB", description = "Largest image upload (default: 20; 413 above).")
    double maxUploadMb = 20;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Largest image, width x height, checked from the header"
            + " before decoding (default: 40000000; 413 above).")
    long maxPixels = 40_000_000L;

    @Option(names = "--request-timeout-s", paramLabel = "S", description = "Longest a face request may wait and run"
            + " (default: 30; 504 after).")
    int timeoutSeconds = 30;

    @Option(names = "--workers", paramLabel = "N", description = "Threads doing face work (default: the number of cores).")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--queue", paramLabel = "N", description = "Face requests that may wait for a worker (default: 32;"
            + " beyond: 503 with Retry-After).")
    int queue = 32;

    @Option(names = "--admin-key-file", paramLabel = "FILE", description = "File holding the admin key (first line).")
    Path adminKeyFile;

    @Option(names = "--recognition-key-file", paramLabel = "FILE", description = "File holding the recognition key.")
    Path recognitionKeyFile;

    @Option(names = "--insecure-no-keys", description = "No API keys at all, for local demos and tests (loopback only).")
    boolean insecureNoKeys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        PrintWriter err = spec.commandLine().getErr();
        ApiKeys keys = insecureNoKeys ? null : keys(err);
        OneShotOptions o = new OneShotOptions().model(modelChoice.model).threshold(decision.threshold)
                .calibration(decision.calibration).maxPixels(maxPixels);
        OneShot oneShot = OneShot.open(o);
        OneShotServer server;
        try {
            server = OneShotServer.start(oneShot, new OneShotServer.Settings(host, port, gallery,
                    (long) (maxUploadMb * 1024 * 1024), Duration.ofSeconds(timeoutSeconds), workers, queue, keys));
        } catch (IOException | RuntimeException e) {
            oneShot.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            oneShot.close();
            stopped.countDown();
        }, "oneshot-serve-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        String shown = host.contains(":") ? "[" + host + "]" : host;
        out.printf("OneShot serving http://%s:%d/ (model %s, threshold %s %s, gallery %s%s)%n", shown, server.port(),
                oneShot.modelId(), oneShot.threshold().rule(), oneShot.threshold().value(), galleryShown(),
                insecureNoKeys ? ", NO API KEYS" : "");
        if (!oneShot.threshold().calibrated()) {
            out.println("threshold: " + oneShot.threshold().origin());
        }
        out.flush();
        stopped.await();
        return 0;
    }

    private GalleryLocation location() {
        try {
            return GalleryLocation.parse(gallery);
        } catch (GalleryException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Beside a file gallery; for a database gallery, the default gallery's folder. */
    private Path keyFolder() {
        GalleryLocation l = location();
        return (l.isDatabase() ? DEFAULT_GALLERY : l.file()).toAbsolutePath().getParent();
    }

    private String galleryShown() {
        GalleryLocation l = location();
        return l.isDatabase() ? l.toString() : l.file().toAbsolutePath().toString();
    }

    private void checkOptions() throws UnknownHostException {
        location(); // an unsupported URL is a usage error before anything starts
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be 0..65535, got " + port);
        }
        if (!(maxUploadMb > 0) || maxPixels < 1 || timeoutSeconds < 1 || workers < 1 || queue < 0) {
            throw new UsageException("--max-upload-mb, --max-pixels, --request-timeout-s and --workers must be positive,"
                    + " --queue at least 0");
        }
        if (insecureNoKeys && (adminKeyFile != null || recognitionKeyFile != null)) {
            throw new UsageException("--insecure-no-keys turns keys off: do not give key files with it");
        }
        if (insecureNoKeys && !InetAddress.getByName(host).isLoopbackAddress()) {
            throw new UsageException("--insecure-no-keys is for loopback only; --host " + host + " would open the"
                    + " gallery to the network without keys");
        }
    }

    /**
     * The keys: a key file given for a role is used; otherwise the hash stored beside the gallery; otherwise a new key,
     * printed once here and stored hashed. The stored file is rewritten when anything changed.
     */
    private ApiKeys keys(PrintWriter err) throws IOException {
        Path store = keyFolder().resolve(ApiKeys.FILE);
        ApiKeys stored = Files.exists(store) ? ApiKeys.load(store) : null;
        Map<Role, Path> given = new EnumMap<>(Role.class);
        if (adminKeyFile != null) {
            given.put(Role.ADMIN, adminKeyFile);
        }
        if (recognitionKeyFile != null) {
            given.put(Role.RECOGNITION, recognitionKeyFile);
        }
        ApiKeys keys = stored != null ? stored : ApiKeys.of(Map.of());
        boolean changed = stored == null;
        for (Role role : Role.values()) {
            Path file = given.get(role);
            if (file != null) {
                try {
                    keys = keys.with(role, ApiKeys.readKeyFile(file));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--" + role.id() + "-key-file " + file + ": " + e.getMessage());
                }
                changed = true;
            } else if (!keys.has(role)) {
                String key = ApiKeys.newKey();
                keys = keys.with(role, key);
                err.printf("oneshot serve: new %s key (shown once, stored only as a salted hash in %s): %s%n", role.id(),
                        store, key);
                changed = true;
            }
        }
        if (changed) {
            keys.save(store);
        }
        err.flush();
        return keys;
    }
}
