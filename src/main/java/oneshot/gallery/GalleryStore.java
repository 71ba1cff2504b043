package oneshot.gallery;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import oneshot.gallery.pg.PostgresBackend;
import oneshot.io.AtomicFiles;

/**
 * The durable gallery: identities and their embeddings, bound to one model, in a SQLite file ({@link SqliteBackend}) or a
 * PostgreSQL schema several servers share ({@link PostgresBackend}); {@link GalleryLocation} tells which.
 *
 * <p>The rules are written once here, in SQL both engines run: names ({@link PersonName}), the model binding, refusing an
 * image or a face enrolled twice (the face through its indexed {@link FaceKey}), the float32 blob ({@link Vectors}).
 * Every write is one transaction holding the gallery's write lock ({@link GalleryBackend#begin}), so concurrent writers queue instead of losing work, and a process killed
 * mid-write leaves the last committed state. Raw images are never stored: only the embedding, the model id, the source
 * image's sha256 and the face box. A removal deletes the vectors and purges the engine's old copies of them.
 *
 * <p>One instance holds one connection; its methods are synchronised. Use one store per thread for parallel writers.
 */
public final class GalleryStore implements AutoCloseable {
    public static final String DEFAULT_FILE = "gallery.db";

    private final GalleryBackend backend;
    private final Connection conn;

    GalleryStore(GalleryBackend backend) {
        this.backend = backend;
        this.conn = backend.connection();
    }

    /** {@code gallery.db} in the working directory. */
    public static Path defaultPath() {
        return Paths.get(DEFAULT_FILE);
    }

    /** Opens the gallery at {@code path}, creating an empty owner-only one if there is no file there. */
    public static GalleryStore openOrCreate(Path path) {
        return new GalleryStore(SqliteBackend.open(path, true));
    }

    /** Opens an existing gallery; refuses a missing, foreign or corrupt file without writing to it. */
    public static GalleryStore openExisting(Path path) {
        return new GalleryStore(SqliteBackend.open(path, false));
    }

    /**
     * Opens the gallery file or database; {@code create} makes an empty one where there is none (a new file, or the gallery
     * tables in an empty PostgreSQL schema). A foreign file or schema is refused and left untouched.
     */
    public static GalleryStore open(GalleryLocation location, boolean create) {
        return new GalleryStore(location.isDatabase() ? PostgresBackend.open(location.jdbcUrl(), create)
                : SqliteBackend.open(location.file(), create));
    }

    /** The engine behind this store (tests look at a SQLite store's integrity decisions). */
    GalleryBackend backend() {
        return backend;
    }

    /** The file, or the JDBC URL without credentials. */
    public String location() {
        return backend.location();
    }

    /** The feed of changes made by other processes ({@link GalleryChanges#NONE} for a file). */
    public GalleryChanges changes() {
        return backend.changes();
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
                    + " source_sha256, box_x, box_y, box_w, box_h, enrolled_at, face_key) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
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
                ps.setLong(11, FaceKey.GALLERY.of(unit));
                ps.executeUpdate();
                long id;
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                backend.changed(List.of(name));
                return new Enrolment(id, name, modelId, sourceSha256, box, now);
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
            throw GalleryException.conflict("Gallery " + location() + " holds " + boundDim + "-d embeddings; got " + dim + "-d");
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
            throw GalleryException.conflict("Gallery " + location() + " was built with model '" + bound + "', but the embeddings now come"
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

    /**
     * Refuses a vector (practically) identical to one already enrolled: the same face from a re-encoded or renamed file.
     * Reads only the rows whose face key a vector that close can have ({@link FaceKey}: no such vector is missed), then
     * compares exactly. Every row has its key: every writer stores it, the migration fills older rows before the gallery
     * reads as the new version, and PostgreSQL's column is NOT NULL. (An {@code OR face_key IS NULL} here would cost
     * SQLite the index's second column: it would read every index entry of the model.)
     */
    private void refuseSameFace(String name, float[] unit, String modelId) throws SQLException {
        long[] keys = FaceKey.GALLERY.near(unit);
        try (PreparedStatement ps = conn.prepareStatement("SELECT i.name, e.vector FROM embeddings e JOIN identities i"
                + " ON i.id = e.identity_id WHERE e.model_id = ? AND e.face_key IN (" + "?,".repeat(keys.length - 1)
                + "?)")) {
            ps.setString(1, modelId);
            for (int k = 0; k < keys.length; k++) {
                ps.setLong(k + 2, keys[k]);
            }
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
                throw GalleryException.notFound("No identity named '" + oldName + "' in " + location() + " (Enroll --list shows the names)");
            }
            if (identityId(newName).isPresent()) {
                throw GalleryException.conflict("'" + newName + "' already exists in " + location()
                        + ": remove it first, or pick another name");
            }
            try (PreparedStatement ps = conn.prepareStatement("UPDATE identities SET name = ? WHERE name = ?")) {
                ps.setString(1, newName);
                ps.setString(2, oldName);
                ps.executeUpdate();
            }
            backend.changed(List.of(oldName, newName));
            return null;
        });
    }

    /**
     * Deletes a person and all their vectors, then purges the engine's old copies ({@link GalleryBackend#purgeDeleted}:
     * SQLite zeroes deleted bytes and truncates its WAL, PostgreSQL vacuums the dead rows).
     */
    public synchronized RemovalResult remove(String name) {
        int deleted = write("remove " + name, () -> {
            Optional<Long> id = identityId(name);
            if (id.isEmpty()) {
                throw GalleryException.notFound("No identity named '" + name + "' in " + location() + " (Enroll --list shows the names)");
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
            backend.changed(List.of(name));
            return n;
        });
        return new RemovalResult(name, deleted, autocommit("purge deleted rows", backend::purgeDeleted));
    }

    /**
     * Adds a person with no face yet (a face added later makes their template); refused when the name exists, since
     * adding nobody twice is almost certainly a mistake.
     */
    public synchronized IdentitySummary createIdentity(String rawName) {
        String name = PersonName.validate(rawName);
        return write("add " + name, () -> {
            if (identityId(name).isPresent()) {
                throw GalleryException.conflict("'" + PersonName.display(name) + "' already exists in " + location()
                        + ": add a face to them, or pick another name");
            }
            Instant now = Instant.now();
            insertIdentity(name, now);
            backend.changed(List.of(name));
            return new IdentitySummary(name, now, 0);
        });
    }

    /**
     * Deletes one stored face (embedding) of a person, by its id ({@link Enrolment#id()}); the person stays, with the
     * faces left. The engine's old copies are purged as for {@link #remove}.
     *
     * @throws GalleryException when the person or that face of theirs does not exist
     */
    public synchronized RemovalResult removeEmbedding(String name, long embeddingId) {
        int deleted = write("remove face " + embeddingId + " of " + name, () -> {
            Optional<Long> id = identityId(name);
            if (id.isEmpty()) {
                throw GalleryException.notFound("No identity named '" + name + "' in " + location() + " (Enroll --list shows the names)");
            }
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM embeddings WHERE id = ? AND identity_id = ?")) {
                ps.setLong(1, embeddingId);
                ps.setLong(2, id.get());
                int n = ps.executeUpdate();
                if (n == 0) {
                    throw GalleryException.notFound("'" + PersonName.display(name) + "' has no face with id " + embeddingId
                            + " in " + location());
                }
                backend.changed(List.of(name));
                return n;
            }
        });
        return new RemovalResult(name, deleted, autocommit("purge deleted rows", backend::purgeDeleted));
    }

    /** The engine's full integrity check (SQLite's integrity_check; PostgreSQL: the gallery's own rows): "ok" or the problems. */
    public synchronized String integrityCheck() {
        return read("check integrity", backend::integrityCheck);
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
            String now = Instant.now().toString();
            RowWriter w = new RowWriter(false);
            for (int i = 0; i < names.size(); i++) {
                float[] unit = Vectors.normalized(vectors.get(i));
                w.add(new Row(names.get(i), now, modelId, unit.length, Vectors.toBlob(unit), AtomicFiles.sha256(
                        (sourceTag + "/" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)), new FaceBox(0, 0, 0, 0),
                        now));
            }
            w.finish();
            return null;
        });
    }

    /** One stored embedding with its person, exactly as stored (the vector's float32 bytes): what a copy moves. */
    public record Row(String name, String identityCreatedAt, String modelId, int dim, byte[] vector, String sourceSha256,
            FaceBox box, String enrolledAt) {}

    /** Streams every embedding with its person, person by person, from one consistent snapshot. */
    public synchronized void forEachRow(java.util.function.Consumer<Row> sink) {
        read("read every embedding", () -> {
            streamRows(null, sink);
            return null;
        });
    }

    /** The checksum of the rows of these people ({@code null}: everyone), from one snapshot. */
    public synchronized GalleryChecksum checksum(java.util.Set<String> only) {
        return read("checksum the gallery", () -> {
            GalleryChecksum c = new GalleryChecksum();
            streamRows(only, c::add);
            return c;
        });
    }

    /** {@code only}: the names to stream (null: everyone). Inside the caller's transaction. */
    private void streamRows(java.util.Set<String> only, java.util.function.Consumer<Row> sink) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT i.name, i.created_at, e.model_id, e.dim, e.vector,"
                + " e.source_sha256, e.box_x, e.box_y, e.box_w, e.box_h, e.enrolled_at FROM identities i"
                + " JOIN embeddings e ON e.identity_id = i.id ORDER BY i.id, e.id")) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (only == null || only.contains(name)) {
                        sink.accept(new Row(name, rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBytes(5),
                                rs.getString(6), new FaceBox(rs.getDouble(7), rs.getDouble(8), rs.getDouble(9),
                                        rs.getDouble(10)), rs.getString(11)));
                    }
                }
            }
        }
    }

    /**
     * Adds the rows {@code feed} produces (rows of one person together) in one transaction, then reads them back in
     * the same transaction and rolls everything back unless they hash to what was fed. Refuses a gallery that already
     * has people unless {@code intoNonEmpty}, and then a name both have. Returns the checksum of the copied rows.
     */
    public synchronized GalleryChecksum importRows(java.util.function.Consumer<java.util.function.Consumer<Row>> feed,
            boolean intoNonEmpty) {
        return write("copy into the gallery", () -> {
            long people = count("identities");
            if (people > 0 && !intoNonEmpty) {
                throw new GalleryException("Gallery " + location() + " already holds " + people + " people: nothing copied."
                        + " Copy into a new gallery, or pass --into-non-empty to add to them (a name both have is refused).");
            }
            RowWriter w = new RowWriter(people > 0);
            GalleryChecksum fed = new GalleryChecksum();
            feed.accept(row -> {
                fed.add(row);
                w.addUnchecked(row);
            });
            w.finish();
            GalleryChecksum written = new GalleryChecksum();
            streamRows(fed.names(), written::add);
            if (!written.equals(fed)) {
                throw new GalleryException("Copy into " + location() + " did not verify (fed " + fed + ", read back "
                        + written + "): rolled back, nothing copied");
            }
            return written;
        });
    }

    private long count(String table) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Inserts rows in batches with ids it assigns (one round trip per batch, not per row: PostgreSQL over a network),
     * inside the caller's write transaction, so no other writer takes ids meanwhile.
     */
    private final class RowWriter {
        private static final int BATCH = 1_000;
        private final boolean checkNames;
        private final PreparedStatement identities;
        private final PreparedStatement embeddings;
        private final List<String> names = new ArrayList<>();
        private long identityId;
        private long embeddingId;
        private String lastName;
        private String modelId;
        private int pending;

        RowWriter(boolean checkNames) throws SQLException {
            this.checkNames = checkNames;
            identityId = maxId("identities");
            embeddingId = maxId("embeddings");
            identities = conn.prepareStatement("INSERT INTO identities(id, name, created_at) VALUES (?, ?, ?)");
            embeddings = conn.prepareStatement("INSERT INTO embeddings(id, identity_id, model_id, dim, vector,"
                    + " source_sha256, box_x, box_y, box_w, box_h, enrolled_at, face_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        }

        private long maxId(String table) throws SQLException {
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        /** For lambdas that cannot throw SQLException. */
        void addUnchecked(Row r) {
            try {
                add(r);
            } catch (SQLException e) {
                throw new UncheckedSql(e);
            }
        }

        void add(Row r) throws SQLException {
            if (modelId == null) {
                bindModel(r.modelId(), r.dim());
                modelId = r.modelId();
            } else if (!modelId.equals(r.modelId())) {
                requireModel(modelId, r.modelId());
            }
            if (r.vector().length != 4 * r.dim()) {
                throw new GalleryException("vector of '" + r.name() + "' has " + r.vector().length + " bytes for " + r.dim()
                        + " dimensions");
            }
            if (!r.name().equals(lastName)) {
                String name = r.name(); // as stored: a copy keeps a legacy gallery's names (display escapes them)
                if (checkNames && identityId(name).isPresent()) {
                    throw new GalleryException("'" + PersonName.display(name) + "' is in both galleries: nothing copied."
                            + " Rename or remove it in one of them first.");
                }
                identities.setLong(1, ++identityId);
                identities.setString(2, name);
                identities.setString(3, r.identityCreatedAt());
                identities.addBatch();
                lastName = r.name();
                names.add(name);
            }
            embeddings.setLong(1, ++embeddingId);
            embeddings.setLong(2, identityId);
            embeddings.setString(3, r.modelId());
            embeddings.setInt(4, r.dim());
            embeddings.setBytes(5, r.vector());
            embeddings.setString(6, r.sourceSha256());
            embeddings.setDouble(7, r.box().x());
            embeddings.setDouble(8, r.box().y());
            embeddings.setDouble(9, r.box().width());
            embeddings.setDouble(10, r.box().height());
            embeddings.setString(11, r.enrolledAt());
            embeddings.setLong(12, FaceKey.GALLERY.of(Vectors.fromBlob(r.vector())));
            embeddings.addBatch();
            if (++pending == BATCH) {
                flush();
            }
        }

        private void flush() throws SQLException {
            identities.executeBatch(); // people first: the embeddings refer to them
            embeddings.executeBatch();
            pending = 0;
        }

        void finish() throws SQLException {
            flush();
            identities.close();
            embeddings.close();
            backend.idsAssigned();
            backend.changed(names.size() <= MAX_NAMES_PER_CHANGE ? names : List.of());
        }
    }

    /** Past this many names a change says "everything" (an empty list): re-reading them one by one would be slower. */
    static final int MAX_NAMES_PER_CHANGE = 1000;

    private Optional<String> meta(String key) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM gallery_meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO gallery_meta(key, value) VALUES (?, ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /** One write transaction, holding the gallery's write lock ({@link GalleryBackend#begin}). */
    private <T> T write(String what, SqlWork<T> work) {
        return inTransaction(true, what, work);
    }

    /** Reads in a short transaction: a consistent snapshot that is released right after. */
    private <T> T read(String what, SqlWork<T> work) {
        return inTransaction(false, what, work);
    }

    private <T> T inTransaction(boolean write, String what, SqlWork<T> work) {
        try {
            backend.begin(write);
        } catch (SQLException e) {
            rollbackQuietly();
            throw backend.failure(what, e);
        }
        try {
            T result = work.run();
            backend.commit();
            return result;
        } catch (SQLException | UncheckedSql e) {
            rollbackQuietly();
            throw backend.failure(what, e instanceof UncheckedSql u ? u.sql : (SQLException) e);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    private <T> T autocommit(String what, SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw backend.failure(what, e);
        }
    }

    private void rollbackQuietly() {
        try {
            backend.rollback();
        } catch (SQLException ignored) {
            // the original error is the one worth reporting
        }
    }

    @Override
    public synchronized void close() {
        backend.close();
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
