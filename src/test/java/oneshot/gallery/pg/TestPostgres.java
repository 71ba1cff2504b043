package oneshot.gallery.pg;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throw-away PostgreSQL cluster for tests: initdb into a temp folder, a server on a free localhost port (its unix socket
 * in the same folder), one fresh database per {@link #newDatabase()}; {@link #close()} stops it and deletes the folder.
 *
 * <p>Uses the system's PostgreSQL binaries ({@code /usr/lib/postgresql/N/bin}, Debian's {@code postgresql} package, which
 * {@code .ci/run} installs; {@code ONESHOT_PG_BIN} points elsewhere). PostgreSQL refuses to run as root, so as root the
 * server runs as the {@code postgres} user the package creates. Without the binaries the tests are skipped on a
 * developer's machine, and fail when {@code CI} is set, so CI cannot pass without running them.
 */
public final class TestPostgres implements AutoCloseable {
    /**
     * A cluster for one test class: {@code @RegisterExtension static final TestPostgres.PerClass pg = TestPostgres.perClass();}
     * starts it before the class's first test and stops and deletes it after its last.
     */
    public static PerClass perClass() {
        return new PerClass();
    }

    /** The extension {@link #perClass()} returns; {@link #get()} is the running cluster. */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private TestPostgres cluster;

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            cluster = start();
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
        }

        public TestPostgres get() {
            return cluster;
        }

        /** {@link TestPostgres#newDatabase()} of the running cluster. */
        public String newDatabase() throws SQLException {
            return cluster.newDatabase();
        }

        public Connection connectUrl(String url) throws SQLException {
            return cluster.connectUrl(url);
        }
    }

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final Path bin;
    private final List<String> asUser;
    private final int port;
    private final Thread stopAtExit;

    private TestPostgres(Path dir, Path bin, List<String> asUser, int port) {
        this.dir = dir;
        this.bin = bin;
        this.asUser = asUser;
        this.port = port;
        this.stopAtExit = new Thread(this::stopQuietly, "stop-test-postgres");
        Runtime.getRuntime().addShutdownHook(stopAtExit); // a test run killed before @AfterAll leaves no server behind
    }

    /** Starts a cluster, or skips the calling test class (fails it under CI) when PostgreSQL is not installed. */
    public static TestPostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        if (bin == null) {
            String why = "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql,"
                    + " as .ci/run does, or set ONESHOT_PG_BIN)";
            if (inCi()) {
                throw new IllegalStateException(why + ": CI must run the PostgreSQL gallery tests");
            }
            Assumptions.abort(why);
        }
        List<String> asUser = new ArrayList<>();
        Path dir = Files.createTempDirectory("oneshot-pg");
        if ("root".equals(System.getProperty("user.name"))) {
            asUser = List.of("runuser", "-u", "postgres", "--");
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        run(asUser, dir, bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                "-U", "oneshot", "-E", "UTF8", "--no-locale", "--no-sync");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                run(asUser, dir, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                        dir.resolve("server.log").toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + dir
                                + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60", "start");
                return new TestPostgres(dir, bin, asUser, port);
            } catch (IOException e) {
                last = e; // most likely another process took the port between the probe and the start
            }
        }
        throw last;
    }

    static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    private static Path binaries() throws IOException {
        String override = System.getenv("ONESHOT_PG_BIN");
        if (override != null && Files.isExecutable(Path.of(override, "initdb"))) {
            return Path.of(override);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent()))).orElse(null);
        }
    }

    private static int versionOf(Path p) {
        try {
            return Integer.parseInt(p.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> asUser, Path dir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(asUser);
        cmd.addAll(List.of(command));
        Path log = Files.createTempFile("oneshot-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                Path serverLog = dir.resolve("server.log");
                throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8)
                        + (Files.exists(serverLog) ? "\nserver log:\n" + Files.readString(serverLog) : ""));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A JDBC URL of a new, empty database. */
    public String newDatabase() throws SQLException {
        String name = "gallery" + DATABASES.incrementAndGet();
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=oneshot";
    }

    /** A superuser connection (autocommit) to {@code database}, for a test's own checks. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database));
    }

    /** A superuser connection to the database of a URL {@link #newDatabase()} returned. */
    public Connection connectUrl(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** The cluster's data directory (tests look into the table files). */
    public Path dataDirectory() {
        return dir.resolve("data");
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
        stop();
    }

    private void stop() throws IOException, InterruptedException {
        try {
            run(asUser, dir, bin.resolve("pg_ctl").toString(), "-D", dataDirectory().toString(), "-m", "fast", "-w",
                    "stop");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (IOException | InterruptedException e) {
            // leaving the JVM: nothing more to do
        }
    }
}
