package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import oneshot.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes and connections against one gallery file: nothing lost, nothing half-written. */
class GalleryStoreConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void twoThreadsAndAnotherProcessEnrollingAtOnceLoseNothing() throws Exception {
        Path db = dir.resolve("g.db");
        int perWriter = 40;
        Process child = worker(db, "proc", perWriter).start();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> jobs = new ArrayList<>();
        for (String prefix : List.of("t1", "t2")) {
            jobs.add(pool.submit(() -> {
                Random rnd = new Random(prefix.hashCode());
                try (GalleryStore store = GalleryStore.openOrCreate(db)) { // one connection per thread
                    for (int i = 0; i < perWriter; i++) {
                        store.enroll(prefix + "-" + i, TestVectors.random(rnd, 128), "test-model",
                                AtomicFiles.sha256((prefix + i).getBytes(StandardCharsets.UTF_8)), new FaceBox(0, 0, 10, 10));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : jobs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        String childOut = drain(child);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "worker process finished");
        assertEquals(0, child.exitValue(), "worker process failed:\n" + childOut);

        try (GalleryStore store = GalleryStore.openExisting(db)) {
            assertEquals("ok", store.integrityCheck());
            assertEquals(3L * perWriter, store.embeddingCount());
            assertEquals(3 * perWriter, store.list().size());
            for (String prefix : List.of("t1", "t2", "proc")) {
                for (int i = 0; i < perWriter; i++) {
                    assertEquals(1, store.vectors(prefix + "-" + i, "test-model").size(), prefix + "-" + i);
                }
            }
        }
    }

    @Test
    void processKilledMidEnrolmentLeavesAConsistentGallery() throws Exception {
        Path db = dir.resolve("g.db");
        int lastCommitted = -1;
        for (int round = 0; round < 5; round++) {
            Process child = worker(db, "round" + round, -1).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            AtomicInteger committed = new AtomicInteger(-1);
            int target = 5 + round * 7; // kill at different points of the write cycle
            StringBuilder other = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("committed ")) {
                    other.append(line).append('\n');
                } else {
                    committed.set(Integer.parseInt(line.substring(10)));
                    if (committed.get() >= target) {
                        break;
                    }
                }
            }
            child.destroyForcibly(); // SIGKILL while it is in the middle of the next enrolments
            child.waitFor(30, TimeUnit.SECONDS);
            assertTrue(committed.get() >= target, "worker round " + round + " did not get going:\n" + other);
            try (GalleryStore store = GalleryStore.openExisting(db)) {
                assertEquals("ok", store.integrityCheck(), "after kill in round " + round);
                for (int i = 0; i <= committed.get(); i++) {
                    assertEquals(1, store.vectors("round" + round + "-" + i, "test-model").size(),
                            "committed enrolment round" + round + "-" + i + " lost");
                }
                // each enrolment is identity + vector in one transaction: no identity may be left without its vector
                assertTrue(store.list().stream().allMatch(s -> s.embeddings() == 1), "half-written enrolment");
                assertEquals(store.list().size(), store.embeddingCount());
            }
            lastCommitted = committed.get();
        }
        assertTrue(lastCommitted >= 0);
    }

    @Test
    void aKillDuringCreationLeavesNoTempFileBehindForever() throws Exception {
        Path db = dir.resolve("new.db");
        Process child = worker(db, "--hang-while-creating", 0).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("creating "), "worker did not start creating: " + line);
        Path temp = Path.of(line.substring("creating ".length()));
        assertTrue(Files.exists(temp));
        child.destroyForcibly(); // SIGKILL in the middle of the creation
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(temp), "the kill left the half-initialised temp file");
        assertFalse(Files.exists(db), "the gallery name never points to a half-initialised file");
        // a creation still in progress (this live process's pid) must be left alone
        Path live = dir.resolve(".new.db.pid" + ProcessHandle.current().pid() + ".123.creating");
        Files.createFile(live);

        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            assertEquals("ok", store.integrityCheck());
        }
        assertFalse(Files.exists(temp), "the stale temp file of the killed creator is cleaned up");
        assertTrue(Files.exists(live), "a live creator's temp file is kept");
    }

    private static ProcessBuilder worker(Path db, String prefix, int count) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Xmx64m",
                EnrolmentWorker.class.getName(), db.toString(), prefix, Integer.toString(count));
    }

    private static String drain(Process p) throws IOException {
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        return new String(out, StandardCharsets.UTF_8) + new String(err, StandardCharsets.UTF_8);
    }
}
