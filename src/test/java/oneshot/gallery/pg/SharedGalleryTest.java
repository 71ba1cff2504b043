package oneshot.gallery.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import oneshot.Face;
import oneshot.Gallery;
import oneshot.Identification;
import oneshot.OneShot;
import oneshot.OneShotOptions;
import oneshot.SharedData;
import oneshot.gallery.Match;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two facades (two {@link OneShot}s, as two servers would have) on one PostgreSQL gallery, with real faces: the bbt demo
 * set through dlib-resnet34. Each loads its index before the other enrols, so it can only learn of the other's people
 * through the change feed.
 */
class SharedGalleryTest {
    private static final List<String> THROUGH_A = List.of("amy", "bernadette", "howard", "leonard");
    private static final List<String> THROUGH_B = List.of("penny", "raj", "sheldon", "stuart");
    private static final long WITHIN_MS = 1_000;

    private static TestPostgres pg;
    private static OneShot a;
    private static OneShot b;

    @BeforeAll
    static void start() throws Exception {
        pg = TestPostgres.start();
        a = OneShot.open(new OneShotOptions().model("dlib-resnet34").candidates(3));
        b = OneShot.open(new OneShotOptions().model("dlib-resnet34").candidates(3));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, pg}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static Path bbt(String person, int n) {
        return SharedData.require("data/bbt/" + person + "/" + person + n + ".png");
    }

    @Test
    void concurrentEnrolmentsThroughTwoInstancesAreSeenByBothWithinASecond() throws Exception {
        String url = pg.newDatabase();
        Map<String, Face> probes = new LinkedHashMap<>(); // image 2 of everyone, encoded before the clock starts
        for (String p : concat(THROUGH_A, THROUGH_B)) {
            probes.put(p, a.faces(bbt(p, 2)).get(0));
        }
        try (Gallery ga = a.gallery(url); Gallery gb = b.gallery(url)) {
            Face anyone = probes.get("penny");
            assertTrue(ga.identify(List.of(anyone)).get(0).candidates().isEmpty(), "empty, and A's index is loaded now");
            assertTrue(gb.identify(List.of(anyone)).get(0).candidates().isEmpty(), "empty, and B's index is loaded now");

            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new ArrayList<>();
            done.add(pool.submit(() -> enrolAll(go, ga, THROUGH_A)));
            done.add(pool.submit(() -> enrolAll(go, gb, THROUGH_B)));
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            long enrolled = System.nanoTime();

            for (Gallery g : List.of(ga, gb)) {
                long ms = waitUntil(g, probes, ids -> allNamedRight(probes, ids), enrolled);
                System.out.printf("shared gallery: %s named all 8 people %d ms after the last enrolment returned%n",
                        g == ga ? "A" : "B", ms);
                assertTrue(ms <= WITHIN_MS, g.location() + " saw all 8 people only after " + ms + " ms");
            }
            assertEquals(8, ga.size(), "nothing lost");
            assertEquals(8, gb.size(), "nothing lost");
            assertSameAnswers(ga, gb, probes);

            gb.remove("stuart"); // removals and renames travel too
            ga.rename("raj", "rajesh");
            long changed = System.nanoTime();
            Predicate<List<Identification>> seen = ids -> top(ids, probes, "raj").equals("rajesh")
                    && !top(ids, probes, "stuart").equals("stuart");
            for (Gallery g : List.of(ga, gb)) {
                long ms = waitUntil(g, probes, seen, changed);
                System.out.printf("shared gallery: %s saw the removal and the rename after %d ms%n", g == ga ? "A" : "B", ms);
                assertTrue(ms <= WITHIN_MS, g.location() + " saw the removal and the rename only after " + ms + " ms");
            }
            assertSameAnswers(ga, gb, probes);
        }
    }

    private static Void enrolAll(CountDownLatch go, Gallery g, List<String> people) throws InterruptedException {
        go.await();
        for (String p : people) {
            g.enroll(p, bbt(p, 1));
        }
        return null;
    }

    /** Milliseconds from {@code since} until the gallery's answers satisfy {@code ok} (gives up after 5 s). */
    private static long waitUntil(Gallery g, Map<String, Face> probes, Predicate<List<Identification>> ok, long since)
            throws InterruptedException {
        while (true) {
            long ms = (System.nanoTime() - since) / 1_000_000;
            if (ok.test(g.identify(new ArrayList<>(probes.values())))) {
                return ms;
            }
            if (ms > 5_000) {
                return ms;
            }
            Thread.sleep(10);
        }
    }

    /** Rank-1 is right for every probe (the model's bbt rank-1 is 1.000; names, not thresholds, are under test). */
    private static boolean allNamedRight(Map<String, Face> probes, List<Identification> ids) {
        for (String p : probes.keySet()) {
            if (!top(ids, probes, p).equals(p)) {
                return false;
            }
        }
        return true;
    }

    private static String top(List<Identification> ids, Map<String, Face> probes, String person) {
        List<Match> c = ids.get(new ArrayList<>(probes.keySet()).indexOf(person)).candidates();
        return c.isEmpty() ? "" : c.get(0).name();
    }

    private static void assertSameAnswers(Gallery ga, Gallery gb, Map<String, Face> probes) {
        List<Identification> fromA = ga.identify(new ArrayList<>(probes.values()));
        List<Identification> fromB = gb.identify(new ArrayList<>(probes.values()));
        for (int i = 0; i < fromA.size(); i++) {
            assertEquals(fromA.get(i).label(), fromB.get(i).label(), "probe " + i);
            assertEquals(fromA.get(i).distance(), fromB.get(i).distance(), 1e-6, "probe " + i);
            assertEquals(fromA.get(i).candidates().stream().map(Match::name).toList(),
                    fromB.get(i).candidates().stream().map(Match::name).toList(), "probe " + i);
        }
    }

    private static List<String> concat(List<String> x, List<String> y) {
        List<String> out = new ArrayList<>(x);
        out.addAll(y);
        return out;
    }
}
