package oneshot.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import oneshot.io.AtomicFiles;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The durable gallery: identities and their embeddings in one SQLite file (WAL mode, owner-only).
 *
 * <p>Every write is one IMMEDIATE transaction, so concurrent enrolling processes queue on the busy timeout instead of
 * losing work, and a process killed mid-write leaves the last committed state. Raw images are never stored: only the
 * embedding, the model id, the source image's sha256 and the face box. Deleted rows are overwritten ({@code secure_delete})
 * and the WAL truncated, so a removed person's vectors do not linger in the files.
 *
 * <p>One instance holds one connection; its methods are synchronised. Use one store per thread for parallel writers.
 */
public final class GalleryStore implements AutoCloseable {
    public static final String DEFAULT_FILE = "gallery.db";
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private static final String[] SCHEMA = {
        "CREATE TABLE gallery_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE identities (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
        "CREATE TABLE embeddings (id INTEGER PRIMARY KEY,"
                + " identity_id INTEGER NOT NULL REFERENCES identities(id) ON DELETE CASCADE,"
                + " model_id TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL,"
                + " source_sha256 TEXT NOT NULL, box_x REAL NOT NULL, box_y REAL NOT NULL, box_w REAL NOT NULL,"
                + " box_h REAL NOT NULL, enrolled_at TEXT NOT NULL, UNIQUE (identity_id, source_sha256))",
        "CREATE INDEX embeddings_by_source ON embeddings (source_sha256)",
    };

    private final Path path;
    private final Connection conn;
    private boolean checkedIntact;

    private GalleryStore(Path path, Connection conn) {
        this.path = path;
        this.conn = conn;
    }

    /** {@code gallery.db} in the working directory. */
    public static Path defaultPath() {
        return Paths.get(DEFAULT_FILE);
    }

    /** Opens the gallery at {@code path}, creating an empty owner-only one if there is no file there. */
    public static GalleryStore openOrCreate(Path path) {
        try {
            GalleryFile.removeStaleTemps(path);
        } catch (IOException e) {
            // only tidying: the gallery itself is unaffected
        }
        if (!Files.exists(path)) {
            try {
                GalleryFile.createAtomically(path, GalleryStore::initialise);
            } catch (IOException e) {
                throw new GalleryException("Cannot create gallery " + path + ": " + e.getMessage(), e);
            }
        }
        return openExisting(path);
    }

    /** Opens an existing gallery; refuses a missing, foreign or corrupt file without writing to it. */
    public static GalleryStore openExisting(Path path) {
        String why = oneshot.io.InputFiles.whyNotAFile(path);
        if (why != null && !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new GalleryException("No gallery at " + path.toAbsolutePath()
                    + ": enrol someone first (Enroll --name NAME --image FILE) or pass --gallery PATH");
        }
        if (why != null) {
            throw new GalleryException("Cannot use gallery " + path + ": it " + why + ". Pass --gallery FILE.db");
        }
        GalleryFile.checkHeader(path);
        GalleryFile.warnIfShared(path);
        Connection c = null;
        try {
            c = connect(path);
            checkTables(path, c); // before anything persistent: a refused file must stay byte-identical
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA secure_delete=ON");
                st.execute("PRAGMA foreign_keys=ON");
            }
            return new GalleryStore(path, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure(path, "open", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.resetOpenMode(SQLiteOpenMode.CREATE); // never let SQLite create (or recreate) the file behind our checks
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), cfg.toProperties());
    }

    private static void initialise(Path emptyFile) throws IOException {
        try (Connection c = connect(emptyFile)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA application_id=" + GalleryFile.APPLICATION_ID);
                st.execute("PRAGMA user_version=" + GalleryFile.SCHEMA_VERSION);
                for (String ddl : SCHEMA) {
                    st.execute(ddl);
                }
                st.execute("INSERT INTO gallery_meta(key, value) VALUES ('created_at', '" + Instant.now() + "')");
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL"); // persistent in the file header
            }
        } catch (SQLException e) {
            throw new IOException("initialising " + emptyFile + ": " + e.getMessage(), e);
        }
    }

    private static void checkTables(Path path, Connection c) throws SQLException {
        List<String> missing = new ArrayList<>(List.of("gallery_meta", "identities", "embeddings"));
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
            while (rs.next()) {
                missing.remove(rs.getString(1));
            }
        }
        if (!missing.isEmpty()) {
            throw GalleryFile.refused(path, "its header says OneShot gallery but tables " + missing + " are missing");
        }
    }

    public Path path() {
        return path;
    }

    /** The model every embedding in this gallery came from; empty until the first enrolment binds it. */
    public synchronized Optional<String> modelId() {
        return read("read the model id", () -> meta("model_id"));
    }

    /**
     * Stores one embedding for {@code name} (creating the identity if new), in one transaction.
     *
     * @throws GalleryException if the model differs from the gallery's, or this image was already enrolled for this name,
     *     or this face of this image is already enrolled under another name
     */
    public synchronized Enrolment enroll(String rawName, float[] embedding, String modelId, String sourceSha256, FaceBox box) {
        String name = PersonName.validate(rawName);
        float[] unit = Vectors.normalized(embedding);
        return write("enrol " + name, () -> {
            bindModel(modelId, unit.length);
            refuseDuplicate(name, sourceSha256, box);
            refuseSameFace(name, unit, modelId);
            Instant now = Instant.now();
            long identityId = identityId(name).orElseGet(() -> insertIdentity(name, now));
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO embeddings(identity_id, model_id, dim, vector,"
                    + " source_sha256, box_x, box_y, box_w, box_h, enrolled_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, identityId);
                ps.setString(2, modelId);
                ps.setInt(3, unit.length);
                ps.setBytes(4, Vectors.toBlob(unit));
                ps.setString(5, sourceSha256);
                ps.setDouble(6, box.x());
                ps.setDouble(7, box.y());
                ps.setDouble(8, box.width());
                ps.setDouble(9, box.height());
                ps.setString(10, now.toString());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new Enrolment(keys.getLong(1), name, modelId, sourceSha256, box, now);
                }
            }
        });
    }

    private void bindModel(String modelId, int dim) throws SQLException {
        Optional<String> bound = meta("model_id");
        if (bound.isEmpty()) {
            putMeta("model_id", modelId);
            putMeta("dimension", Integer.toString(dim));
            return;
        }
        requireModel(bound.get(), modelId);
        int boundDim = Integer.parseInt(meta("dimension").orElseThrow());
        if (boundDim != dim) {
            throw GalleryException.conflict("Gallery " + path + " holds " + boundDim + "-d embeddings; got " + dim + "-d");
        }
    }

    /** Refuses to mix models, with the way out. */
    public synchronized void requireModel(String modelId) {
        Optional<String> bound = modelId();
        if (bound.isPresent()) {
            requireModel(bound.get(), modelId);
        }
    }

    private void requireModel(String bound, String modelId) {
        if (!bound.equals(modelId)) {
            throw GalleryException.conflict("Gallery " + path + " was built with model '" + bound + "', but the embeddings now come"
                    + " from model '" + modelId + "': vectors of different models cannot be compared. Either run with model '"
                    + bound + "', or re-enrol everyone for the new model into a new gallery file (Enroll --gallery NEW.db"
                    + " --name NAME --image FILE for each person; Enroll --list shows who is in the old one).");
        }
    }

    private void refuseDuplicate(String name, String sha, FaceBox box) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT i.name, e.box_x, e.box_y, e.box_w, e.box_h, e.enrolled_at"
                + " FROM embeddings e JOIN identities i ON i.id = e.identity_id WHERE e.source_sha256 = ?")) {
            ps.setString(1, sha);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String other = rs.getString(1);
                    FaceBox otherBox = new FaceBox(rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5));
                    if (other.equals(name)) {
                        throw GalleryException.conflict("This image (sha256 " + sha + ") is already enrolled for '" + name
                                + "' (" + rs.getString(6) + "): nothing added. Enrol a different image to extend the template.");
                    }
                    if (otherBox.iou(box) >= 0.5) {
                        throw GalleryException.conflict("This face " + box + " of the image (sha256 " + sha
                                + ") is already enrolled as '" + other + "': nothing added. Pick another face with --face,"
                                + " or rename/remove '" + other + "' first.");
                    }
                }
            }
        }
    }

    /**
     * Squared L2 below which two stored faces are the same face (the same pixels in a byte-different file give 0; two
     * photos of one person are far above it, about 0.1 and more).
     */
    public static final double SAME_FACE_DISTANCE = 1e-4;

    /** Refuses a vector (practically) identical to one already enrolled: the same face from a re-encoded or renamed file. */
    private void refuseSameFace(String name, float[] unit, String modelId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT i.name, e.vector FROM embeddings e JOIN identities i"
                + " ON i.id = e.identity_id WHERE e.model_id = ?")) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double d = oneshot.eval.Distance.SQUARED_L2.between(unit, Vectors.fromBlob(rs.getBytes(2)));
                    if (d < SAME_FACE_DISTANCE) {
                        String other = rs.getString(1);
                        throw GalleryException.conflict(String.format(java.util.Locale.ROOT, "This face is already enrolled as"
                                + " '%s' (squared L2 distance %.6f to a stored vector: the same face, from a copy or re-encoding"
                                + " of an enrolled image): nothing added.%s", PersonName.display(other), d, other.equals(name)
                                ? " Enrol a different photo to extend the template."
                                : " Rename or remove '" + PersonName.display(other) + "' first if the name is wrong."));
                    }
                }
            }
        }
    }

    /** Enrolled names other than {@code name} that differ from it only in case or look-alike letters. */
    public synchronized List<String> lookAlikes(String name) {
        String key = PersonName.skeleton(PersonName.validate(name));
        List<String> out = new ArrayList<>();
        for (IdentitySummary p : list()) {
            if (!p.name().equals(PersonName.validate(name)) && PersonName.skeleton(p.name()).equals(key)) {
                out.add(p.name());
            }
        }
        return out;
    }

    private long insertIdentity(String name, Instant now) {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO identities(name, created_at) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, now.toString());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new UncheckedSql(e);
        }
    }

    private Optional<Long> identityId(String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM identities WHERE name = ?")) {
            ps.setString(1, java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC)); // as stored
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Every identity with its number of embeddings, by name. */
    public synchronized List<IdentitySummary> list() {
        return read("list identities", () -> {
            List<IdentitySummary> out = new ArrayList<>();
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT i.name, i.created_at, COUNT(e.id) FROM identities i"
                            + " LEFT JOIN embeddings e ON e.identity_id = i.id GROUP BY i.id ORDER BY i.name")) {
                while (rs.next()) {
                    out.add(new IdentitySummary(rs.getString(1), Instant.parse(rs.getString(2)), rs.getInt(3)));
                }
            }
            return out;
        });
    }

    /** The enrolments of one person, oldest first (empty if the name is unknown). */
    public synchronized List<Enrolment> enrolments(String name) {
        return read("read enrolments of " + name, () -> {
            List<Enrolment> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT e.id, e.model_id, e.source_sha256, e.box_x, e.box_y,"
                    + " e.box_w, e.box_h, e.enrolled_at FROM embeddings e JOIN identities i ON i.id = e.identity_id"
                    + " WHERE i.name = ? ORDER BY e.id")) {
                ps.setString(1, java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Enrolment(rs.getLong(1), name, rs.getString(2), rs.getString(3),
                                new FaceBox(rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)),
                                Instant.parse(rs.getString(8))));
                    }
                }
            }
            return out;
        });
    }

    /** The stored unit vectors of one person for one model, oldest first. */
    public synchronized List<float[]> vectors(String name, String modelId) {
        requireModel(modelId);
        return read("read vectors of " + name, () -> {
            List<float[]> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT e.vector FROM embeddings e JOIN identities i"
                    + " ON i.id = e.identity_id WHERE i.name = ? AND e.model_id = ? ORDER BY e.id")) {
                ps.setString(1, java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC));
                ps.setString(2, modelId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Vectors.fromBlob(rs.getBytes(1)));
                    }
                }
            }
            return out;
        });
    }

    public synchronized void rename(String oldName, String rawNewName) {
        String newName = PersonName.validate(rawNewName);
        write("rename " + oldName, () -> {
            if (identityId(oldName).isEmpty()) {
                throw GalleryException.notFound("No identity named '" + oldName + "' in " + path + " (Enroll --list shows the names)");
            }
            if (identityId(newName).isPresent()) {
                throw GalleryException.conflict("'" + newName + "' already exists in " + path
                        + ": remove it first, or pick another name");
            }
            try (PreparedStatement ps = conn.prepareStatement("UPDATE identities SET name = ? WHERE name = ?")) {
                ps.setString(1, newName);
                ps.setString(2, oldName);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Deletes a person and all their vectors. The deleted bytes are zeroed ({@code secure_delete}) and the WAL is
     * checkpointed and truncated so that the old page images in it go too.
     */
    public synchronized RemovalResult remove(String name) {
        int deleted = write("remove " + name, () -> {
            Optional<Long> id = identityId(name);
            if (id.isEmpty()) {
                throw GalleryException.notFound("No identity named '" + name + "' in " + path + " (Enroll --list shows the names)");
            }
            int n;
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM embeddings WHERE identity_id = ?")) {
                ps.setLong(1, id.get());
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM identities WHERE id = ?")) {
                ps.setLong(1, id.get());
                ps.executeUpdate();
            }
            return n;
        });
        return new RemovalResult(name, deleted, checkpointTruncate());
    }

    /**
     * Adds a person with no face yet (a face added later makes their template); refused when the name exists, since
     * adding nobody twice is almost certainly a mistake.
     */
    public synchronized IdentitySummary createIdentity(String rawName) {
        String name = PersonName.validate(rawName);
        return write("add " + name, () -> {
            if (identityId(name).isPresent()) {
                throw GalleryException.conflict("'" + PersonName.display(name) + "' already exists in " + path
                        + ": add a face to them, or pick another name");
            }
            Instant now = Instant.now();
            insertIdentity(name, now);
            return new IdentitySummary(name, now, 0);
        });
    }

    /**
     * Deletes one stored face (embedding) of a person, by its id ({@link Enrolment#id()}); the person stays, with the
     * faces left. The deleted bytes are zeroed and the WAL truncated, as for {@link #remove}.
     *
     * @throws GalleryException when the person or that face of theirs does not exist
     */
    public synchronized RemovalResult removeEmbedding(String name, long embeddingId) {
        int deleted = write("remove face " + embeddingId + " of " + name, () -> {
            Optional<Long> id = identityId(name);
            if (id.isEmpty()) {
                throw GalleryException.notFound("No identity named '" + name + "' in " + path + " (Enroll --list shows the names)");
            }
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM embeddings WHERE id = ? AND identity_id = ?")) {
                ps.setLong(1, embeddingId);
                ps.setLong(2, id.get());
                int n = ps.executeUpdate();
                if (n == 0) {
                    throw GalleryException.notFound("'" + PersonName.display(name) + "' has no face with id " + embeddingId
                            + " in " + path);
                }
                return n;
            }
        });
        return new RemovalResult(name, deleted, checkpointTruncate());
    }

    /** Copies the WAL into the database and truncates it; false if a reader kept part of it alive. */
    private boolean checkpointTruncate() {
        return autocommit("checkpoint", () -> {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                return rs.next() && rs.getInt(1) == 0;
            }
        });
    }

    /** SQLite's full integrity check: "ok" or the list of problems. */
    public synchronized String integrityCheck() {
        return read("check integrity", () -> {
            StringBuilder sb = new StringBuilder();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    sb.append(sb.length() == 0 ? "" : "\n").append(rs.getString(1));
                }
            }
            return sb.toString();
        });
    }

    /** Number of stored embeddings (all models). */
    public synchronized long embeddingCount() {
        return read("count embeddings", () -> {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM embeddings")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Streams every identity (in id order) and then every vector of {@code modelId} (in storage order) to the sink. */
    synchronized void scan(String modelId, ScanSink sink) {
        requireModel(modelId);
        read("load vectors", () -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT id, name FROM identities ORDER BY id")) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.identity(rs.getLong(1), rs.getString(2));
                    }
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("SELECT identity_id, vector FROM embeddings WHERE model_id = ?")) {
                ps.setString(1, modelId);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.vector(rs.getLong(1), Vectors.fromBlob(rs.getBytes(2)));
                    }
                }
            }
            return null;
        });
    }

    /** Receives a {@link #scan}. */
    interface ScanSink {
        void identity(long id, String name);

        void vector(long identityId, float[] unitVector);
    }

    /**
     * Adds many (name, vector) rows in one transaction, one identity per row: for benchmarks and imports, where a
     * per-row duplicate check would dominate. The model binding is still enforced.
     */
    public synchronized void bulkInsert(String modelId, List<String> names, List<float[]> vectors, String sourceTag) {
        write("bulk insert", () -> {
            bindModel(modelId, vectors.get(0).length);
            String now = Instant.now().toString();
            try (PreparedStatement pi = conn.prepareStatement("INSERT INTO identities(name, created_at) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
                    PreparedStatement pe = conn.prepareStatement("INSERT INTO embeddings(identity_id, model_id, dim, vector,"
                            + " source_sha256, box_x, box_y, box_w, box_h, enrolled_at) VALUES (?,?,?,?,?,0,0,0,0,?)")) {
                for (int i = 0; i < names.size(); i++) {
                    pi.setString(1, names.get(i));
                    pi.setString(2, now);
                    pi.executeUpdate();
                    long id;
                    try (ResultSet keys = pi.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                    float[] unit = Vectors.normalized(vectors.get(i));
                    pe.setLong(1, id);
                    pe.setString(2, modelId);
                    pe.setInt(3, unit.length);
                    pe.setBytes(4, Vectors.toBlob(unit));
                    pe.setString(5, AtomicFiles.sha256((sourceTag + "/" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    pe.setString(6, now);
                    pe.executeUpdate();
                }
            }
            return null;
        });
    }

    private Optional<String> meta(String key) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM gallery_meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO gallery_meta(key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /**
     * One IMMEDIATE transaction: takes the write lock up front so two writers queue instead of deadlocking. The first
     * write of this store runs SQLite's quick_check inside the lock: nothing is written into a file that is corrupt.
     */
    private <T> T write(String what, SqlWork<T> work) {
        return inTransaction("BEGIN IMMEDIATE", what, () -> {
            if (!checkedIntact) {
                requireIntact(what);
                checkedIntact = true;
            }
            return work.run();
        });
    }

    private void requireIntact(String what) throws SQLException {
        String result;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check(1)")) {
            result = rs.next() ? rs.getString(1) : "no answer";
        }
        if (!"ok".equals(result)) {
            throw new GalleryException("Gallery " + path + " is corrupt (" + result + "), so nothing was written (" + what
                    + "). The file was left as it is; Enroll --check lists the problems; restore it from a backup or use"
                    + " another --gallery path.");
        }
    }

    /** Reads in a short deferred transaction: a consistent snapshot that is released right after. */
    private <T> T read(String what, SqlWork<T> work) {
        return inTransaction("BEGIN", what, work);
    }

    private <T> T inTransaction(String begin, String what, SqlWork<T> work) {
        try {
            exec(begin);
        } catch (SQLException e) {
            throw failure(path, what, e);
        }
        try {
            T result = work.run();
            exec("COMMIT");
            return result;
        } catch (SQLException | UncheckedSql e) {
            rollbackQuietly();
            throw failure(path, what, e instanceof UncheckedSql u ? u.sql : (SQLException) e);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    private <T> T autocommit(String what, SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure(path, what, e);
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            exec("ROLLBACK");
        } catch (SQLException ignored) {
            // the original error is the one worth reporting
        }
    }

    static GalleryException failure(Path path, String what, SQLException e) {
        SQLiteErrorCode code = e instanceof SQLiteException se ? se.getResultCode() : null;
        if (code == SQLiteErrorCode.SQLITE_CORRUPT || code == SQLiteErrorCode.SQLITE_NOTADB) {
            return new GalleryException("Gallery " + path + " is corrupt (" + e.getMessage() + ") during " + what
                    + ". The file was left as it is; restore it from a backup or use another --gallery path.", e);
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED) {
            return new GalleryException("Gallery " + path + " stayed locked by another process for " + BUSY_TIMEOUT_MS / 1000
                    + " s during " + what + "; nothing was changed, try again", e);
        }
        return new GalleryException("Gallery " + path + ": cannot " + what + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing after a failure: the failure is what the user needs to see
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            throw failure(path, "close", e);
        }
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static final class UncheckedSql extends RuntimeException {
        final SQLException sql;

        UncheckedSql(SQLException sql) {
            super(sql);
            this.sql = sql;
        }
    }
}
