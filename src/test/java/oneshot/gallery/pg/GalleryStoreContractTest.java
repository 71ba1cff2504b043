package oneshot.gallery.pg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import oneshot.eval.Distance;
import oneshot.gallery.FaceBox;
import oneshot.gallery.FaceKey;
import oneshot.gallery.GalleryCopy;
import oneshot.gallery.GalleryException;
import oneshot.gallery.GalleryLocation;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.IdentitySummary;
import oneshot.gallery.RemovalResult;
import oneshot.gallery.TestVectors;
import oneshot.gallery.Vectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same store rules on both backends: one test body, run on a SQLite file and on a PostgreSQL database. */
class GalleryStoreContractTest {
    private static final FaceBox BOX = new FaceBox(10, 20, 50, 60);
    @RegisterExtension
    static final TestPostgres.PerClass pg = TestPostgres.perClass();

    @TempDir
    Path dir;

    private GalleryLocation fresh(String backend) throws Exception {
        return backend.equals("sqlite") ? GalleryLocation.of(dir.resolve("g.db")) : GalleryLocation.parse(pg.newDatabase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void enrolListRenameRemoveRoundTrip(String backend) throws Exception {
        Random rnd = new Random(2);
        float[] a1 = TestVectors.random(rnd, 128);
        float[] a2 = TestVectors.random(rnd, 128);
        GalleryLocation at = fresh(backend);
        try (GalleryStore store = GalleryStore.open(at, true)) {
            store.enroll("ann", a1, "m1", "sha-1", BOX);
            store.enroll("ann", a2, "m1", "sha-2", BOX);
            store.enroll("bob", TestVectors.random(rnd, 128), "m1", "sha-3", BOX);
            assertEquals(List.of("ann", "bob"), store.list().stream().map(IdentitySummary::name).toList());
            assertEquals(2, store.list().get(0).embeddings());
            store.rename("ann", "anna");
            List<float[]> vs = store.vectors("anna", "m1");
            assertEquals(2, vs.size());
            assertArrayEquals(a1, vs.get(0), 0f); // float32 bytes stored as they are
            assertArrayEquals(a2, vs.get(1), 0f);
            assertEquals(BOX, store.enrolments("anna").get(0).box());
            var clash = assertThrows(GalleryException.class, () -> store.rename("anna", "bob"));
            assertTrue(clash.getMessage().contains("already exists"), clash.getMessage());
            RemovalResult r = store.remove("anna");
            assertEquals(2, r.vectorsDeleted());
            assertTrue(r.oldCopiesPurged());
            assertEquals(1, store.embeddingCount());
            assertEquals("ok", store.integrityCheck());
        }
        try (GalleryStore again = GalleryStore.open(at, false)) {
            assertEquals(List.of("bob"), again.list().stream().map(IdentitySummary::name).toList(), "committed: survives");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void duplicatesAndAnotherModelAreRefusedAndNothingIsWritten(String backend) throws Exception {
        Random rnd = new Random(3);
        float[] ann = TestVectors.random(rnd, 128);
        try (GalleryStore store = GalleryStore.open(fresh(backend), true)) {
            assertTrue(store.modelId().isEmpty());
            store.enroll("ann", ann, "m1", "sha-same", BOX);
            assertEquals("m1", store.modelId().orElseThrow());
            var again = assertThrows(GalleryException.class,
                    () -> store.enroll("ann", TestVectors.random(rnd, 128), "m1", "sha-same", BOX));
            assertTrue(again.getMessage().contains("already enrolled for 'ann'"), again.getMessage());
            var otherName = assertThrows(GalleryException.class,
                    () -> store.enroll("bob", TestVectors.random(rnd, 128), "m1", "sha-same", new FaceBox(12, 21, 50, 60)));
            assertTrue(otherName.getMessage().contains("already enrolled as 'ann'"), otherName.getMessage());
            var sameFace = assertThrows(GalleryException.class, () -> store.enroll("carl", ann, "m1", "sha-copy", BOX));
            assertTrue(sameFace.getMessage().contains("already enrolled as 'ann'"), sameFace.getMessage());
            var model = assertThrows(GalleryException.class,
                    () -> store.enroll("dan", TestVectors.random(rnd, 128), "m2", "sha-4", BOX));
            assertTrue(model.getMessage().contains("'m1'") && model.getMessage().contains("re-enrol"), model.getMessage());
            var dim = assertThrows(GalleryException.class,
                    () -> store.enroll("eve", TestVectors.random(rnd, 64), "m1", "sha-5", BOX));
            assertTrue(dim.getMessage().contains("128-d"), dim.getMessage());
            assertThrows(oneshot.UsageException.class, () -> store.enroll(" ann", ann, "m1", "s", BOX));
            assertEquals(1, store.embeddingCount(), "every refusal rolled back");
            assertEquals(List.of("ann"), store.list().stream().map(IdentitySummary::name).toList());
        }
    }

    /** Two writers (two connections, as two servers would have) at once: every enrolment is there, none twice. */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void concurrentWritersLoseNothing(String backend) throws Exception {
        GalleryLocation at = fresh(backend);
        GalleryStore.open(at, true).close();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (String prefix : List.of("a", "b")) {
                done.add(pool.submit(() -> {
                    Random rnd = new Random(prefix.hashCode());
                    try (GalleryStore store = GalleryStore.open(at, false)) {
                        for (int i = 0; i < 60; i++) {
                            store.enroll(prefix + i, TestVectors.random(rnd, 128), "m1", prefix + "-sha-" + i, BOX);
                        }
                    }
                    return 60;
                }));
            }
            for (Future<Integer> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (GalleryStore store = GalleryStore.open(at, false)) {
            assertEquals(120, store.embeddingCount());
            assertEquals(120, store.list().size());
        }
    }

    /** A unit vector whose components the face key reads sit on cell boundaries (give or take the normalisation's ulp). */
    private static float[] onBoundaries(Random rnd) {
        float[] v = TestVectors.random(rnd, 128);
        FaceKey grid = FaceKey.GALLERY;
        double head = 0;
        double tail = 0;
        for (int i = 0; i < v.length; i++) {
            if (i < grid.dims()) {
                v[i] = (float) (Math.round(v[i] / grid.width()) * grid.width());
                head += v[i] * v[i];
            } else {
                tail += v[i] * v[i];
            }
        }
        double scale = Math.sqrt((1 - head) / tail);
        for (int i = grid.dims(); i < v.length; i++) {
            v[i] = (float) (v[i] * scale);
        }
        return Vectors.normalized(v);
    }

    /**
     * The indexed same-face check decides exactly as the full scan over every stored vector did: probes a squared L2
     * just below or just above {@link GalleryStore#SAME_FACE_DISTANCE} from vectors sitting on cell boundaries, moved
     * across them in one to eight of the keyed components (up to 0.0099 each).
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void theSameFaceCheckRefusesWhatAFullScanRefusesAndNothingElse(String backend) throws Exception {
        Random rnd = new Random(5);
        List<float[]> stored = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            stored.add(onBoundaries(rnd));
            names.add("s" + i);
        }
        int refused = 0;
        int accepted = 0;
        try (GalleryStore store = GalleryStore.open(fresh(backend), true)) {
            store.bulkInsert("m1", names, stored, "contract");
            for (int t = 0; t < 240; t++) {
                float[] probe = stored.get(rnd.nextInt(stored.size())).clone();
                if (t % 8 == 7) {
                    probe = TestVectors.random(rnd, 128);
                } else {
                    int moved = List.of(1, 2, 4, 8).get(rnd.nextInt(4));
                    double step = Math.sqrt((0.5 + rnd.nextDouble()) * GalleryStore.SAME_FACE_DISTANCE / moved);
                    for (int k = 0; k < moved; k++) {
                        probe[rnd.nextInt(FaceKey.GALLERY.dims())] += (float) (rnd.nextBoolean() ? step : -step);
                    }
                }
                float[] unit = Vectors.normalized(probe);
                double nearest = stored.stream().mapToDouble(s -> Distance.SQUARED_L2.between(unit, s)).min().orElseThrow();
                boolean sameFace = nearest < GalleryStore.SAME_FACE_DISTANCE;
                try {
                    store.enroll("p" + t, probe, "m1", "sha-p" + t, BOX);
                    assertTrue(!sameFace, "accepted at squared L2 " + nearest + " from a stored vector");
                    stored.add(unit);
                    accepted++;
                } catch (GalleryException e) {
                    assertTrue(sameFace && e.getMessage().contains("already enrolled as"), nearest + ": " + e.getMessage());
                    refused++;
                }
            }
            assertEquals(300 + accepted, store.embeddingCount());
        }
        assertTrue(refused >= 60 && accepted >= 60, refused + " refused, " + accepted + " accepted");
    }

    /** Enrolment, the bulk loader and a copy from another gallery all store the key of the vector they store. */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void everyWriterStoresTheFaceKeyOfItsVector(String backend) throws Exception {
        Random rnd = new Random(6);
        Path source = dir.resolve("source.db");
        try (GalleryStore s = GalleryStore.openOrCreate(source)) {
            s.enroll("copied", TestVectors.random(rnd, 128), "m1", "sha-c", BOX);
        }
        GalleryLocation at = fresh(backend);
        try (GalleryStore store = GalleryStore.open(at, true); GalleryStore from = GalleryStore.openExisting(source)) {
            GalleryCopy.copy(from, store, false);
            store.bulkInsert("m1", List.of("bulk"), List.of(TestVectors.random(rnd, 128)), "tag");
            store.enroll("enrolled", TestVectors.random(rnd, 128), "m1", "sha-e", BOX);
        }
        int rows = 0;
        try (Connection c = at.isDatabase() ? pg.connectUrl(at.jdbcUrl())
                        : DriverManager.getConnection("jdbc:sqlite:" + at.file());
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT vector, face_key FROM embeddings")) {
            while (rs.next()) {
                long key = rs.getLong(2);
                assertTrue(!rs.wasNull(), "a row without a face key");
                assertEquals(FaceKey.GALLERY.of(Vectors.fromBlob(rs.getBytes(1))), key);
                rows++;
            }
        }
        assertEquals(3, rows);
    }
}
