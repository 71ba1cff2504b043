package oneshot.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import oneshot.Face;
import oneshot.Gallery;
import oneshot.Identification;
import oneshot.OneShot;
import oneshot.OneShotOptions;
import oneshot.SharedData;
import oneshot.align.ShapePredictorReader;
import oneshot.cli.AlignCommand;
import oneshot.cli.Cli;
import oneshot.cli.EmbedCommand;
import oneshot.cli.EvaluateCommand;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import oneshot.embed.EmbeddingTable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both Spark jobs on local[2] with the bbt demo set (40 photos of 8 people) plus two bad files, against the
 * single-process product paths: EmbedImagesJob's vectors equal {@code Align --model dlib-resnet34} then {@code Embed}
 * of the same photos, labels come from the folders, bad files are rows with their reason; IdentifyProbesJob names every
 * probe as {@code Gallery.identify} of the facade does, from a gallery the facade enrolled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkJobsTest {
    private static final String MODEL = "dlib-resnet34";
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path images;
    static Path table;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isRegularFile(ShapePredictorReader.defaultPath()), "dlib model absent (apt-get install libdlib-data)");
        spark = SparkSession.builder().master("local[2]").appName("oneshot-test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        Path bbt = SharedData.require("data/bbt");
        images = Files.createDirectories(tmp.resolve("images"));
        for (String person : List.of("amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart")) {
            Files.createSymbolicLink(images.resolve(person), bbt.resolve(person));
        }
        Path broken = Files.createDirectories(images.resolve("broken"));
        Files.writeString(broken.resolve("not-an-image.jpg"), "these bytes are not a JPEG");
        BufferedImage grey = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 200; x++) {
                grey.setRGB(x, y, 0x808080);
            }
        }
        ImageIO.write(grey, "png", broken.resolve("no-face.png").toFile());
        table = tmp.resolve("embeddings.parquet");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        ExecutorModels.closeAll();
    }

    @Test
    @Order(1)
    void embedJobGivesTheEmbedJobsVectorsAndListsBadImages() throws Exception {
        EmbedImagesJob job = new EmbedImagesJob();
        assertEquals(0, Cli.run(job, "--input", images.toString(), "--output", table.toString(), "--model", MODEL,
                "--partitions", "4", "--batch", "8"));
        assertEquals(42, job.result().rows());
        assertEquals(40, job.result().embedded());
        System.out.printf(Locale.ROOT, "EmbedImagesJob, bbt on local[2]: %.1f s for the job (model opened in it)%n",
                job.result().seconds());
        assertEquals(2, Cli.run(new EmbedImagesJob(), "--input", images.toString(), "--output", table.toString(),
                "--model", MODEL), "an earlier table is replaced only with --force");

        // the single-process product path on the same photos: Align for this model, then Embed of its chips
        Path chips = tmp.resolve("chips");
        assertEquals(0, Cli.run(new AlignCommand(), "--input", images.toString(), "--output", chips.toString(),
                "--model", MODEL, "--threads", "2"));
        Path csv = tmp.resolve("embed/chips.csv");
        assertEquals(0, Cli.run(new EmbedCommand(), "--input", chips.toString(), "--model", MODEL, "--out",
                csv.toString()));
        EmbeddingTable single = EmbeddingTable.read(tmp.resolve("embed/chips.emb"));
        assertEquals(40, single.size());

        List<Row> rows = spark.read().parquet(table.toString()).collectAsList();
        double worst = 0;
        int compared = 0;
        for (Row r : rows) {
            String path = r.getAs("path");
            assertEquals(single.modelId(), r.getAs("model_id"), path);
            if (path.startsWith("broken/")) {
                assertNull(r.getAs("vector"), path);
                assertEquals(0, (int) r.getAs("faces"), path);
                String error = r.getAs("error");
                assertTrue(path.endsWith("no-face.png") ? error.equals("no face") : error.startsWith("unreadable image"),
                        path + ": " + error);
                continue;
            }
            assertNull(r.getAs("error"), path);
            assertEquals(path.substring(0, path.indexOf('/')), r.getAs("label"), path);
            assertEquals("dlib-chip-150", r.getAs("alignment"), path);
            Row box = r.getAs("box");
            assertTrue(box.getDouble(2) > 20 && box.getDouble(3) > 20, path + " box " + box);
            int i = single.indexOf(path);
            assertTrue(i >= 0, "Embed has no row for " + path);
            assertEquals(single.label(i), r.getAs("label"), path);
            List<Float> v = r.getList(r.fieldIndex("vector"));
            assertEquals(single.dim(), v.size());
            for (int d = 0; d < v.size(); d++) {
                worst = Math.max(worst, Math.abs(v.get(d) - single.vector(i)[d]));
            }
            compared++;
        }
        System.out.printf(Locale.ROOT, "EmbedImagesJob vs Align + Embed, bbt: %d images, max |difference| %.3g%n",
                compared, worst);
        assertEquals(40, compared);
        assertTrue(worst <= 1e-6, "max difference " + worst);

        // exported for the project's evaluation: Evaluate scores it exactly as it scores Embed's own table
        Path exported = tmp.resolve("exported.emb");
        assertEquals(0, Cli.run(new ExportEmbeddingTable(), "--table", table.toString(), "--out", exported.toString()));
        EmbeddingTable t = EmbeddingTable.read(exported);
        assertEquals(single.modelId(), t.modelId());
        assertEquals(single.paths(), t.paths());
        assertEquals(single.labels(), t.labels());
        assertEquals(rank1(single, tmp.resolve("eval-embed")), rank1(t, tmp.resolve("eval-spark")));
    }

    /** Evaluate's one-shot rank-1 on a table: the project's oneshot.eval classes through the command. */
    private static double rank1(EmbeddingTable t, Path dir) throws Exception {
        Path file = Files.createDirectories(dir).resolve("table.emb");
        t.writeBinary(file);
        assertEquals(0, Cli.run(new EvaluateCommand(), "--embeddings", file.toString(), "--bootstrap", "0", "--no-plots",
                "-o", dir.resolve("report").toString()));
        JsonObject s = JsonParser.parseString(Files.readString(dir.resolve("report/summary.json"))).getAsJsonObject();
        return s.getAsJsonObject("identification").getAsJsonObject("oneShotClosedSet").get("rank1").getAsDouble();
    }

    @Test
    @Order(2)
    void identifyJobNamesProbesAsTheFacadeDoes() throws Exception {
        assumeTrue(Files.isDirectory(table), "needs the table of the embed test");
        Path galleryFile = tmp.resolve("gallery.db");
        Map<String, Identification> facade = new HashMap<>();
        try (OneShot oneShot = OneShot.open(new OneShotOptions().model(MODEL));
                Gallery gallery = oneShot.gallery(galleryFile)) {
            // stuart is not enrolled: a stranger to the gallery, so both answers are exercised
            for (String person : List.of("amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon")) {
                gallery.enroll(person, images.resolve(person).resolve(person + "1.png"));
            }
            for (Row r : spark.read().parquet(table.toString()).filter("error IS NULL").collectAsList()) {
                String path = r.getAs("path");
                Row box = r.getAs("box");
                for (Identification id : gallery.identify(images.resolve(path))) {
                    Face f = id.face();
                    if (f.box().x() == box.getDouble(0) && f.box().y() == box.getDouble(1)
                            && f.box().width() == box.getDouble(2) && f.box().height() == box.getDouble(3)) {
                        facade.put(path, id); // the face the table kept
                    }
                }
                assertNotNull(facade.get(path), "the facade found no face at the table's box in " + path);
            }
        }
        Path out = tmp.resolve("identified.parquet");
        assertEquals(0, Cli.run(new IdentifyProbesJob(), "--probes", table.toString(), "--gallery", galleryFile.toString(),
                "--output", out.toString(), "--partitions", "3"));
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(42, rows.size());
        int named = 0, unknown = 0;
        for (Row r : rows) {
            String path = r.getAs("path");
            if (path.startsWith("broken/")) {
                assertNull(r.getAs("name"), path);
                assertNotNull(r.getAs("error"), path);
                continue;
            }
            Identification id = facade.get(path);
            assertEquals(id.label(), r.getAs("name"), path);
            assertEquals(id.distance(), (double) r.getAs("distance"), 1e-6, path);
            List<Row> candidates = r.getList(r.fieldIndex("candidates"));
            assertEquals(id.candidates().size(), candidates.size(), path);
            for (int k = 0; k < candidates.size(); k++) {
                assertEquals(id.candidates().get(k).name(), candidates.get(k).getString(0), path);
            }
            if ((boolean) r.getAs("known")) {
                named++;
            } else {
                unknown++;
            }
        }
        System.out.printf("IdentifyProbesJob vs Gallery.identify, bbt: %d named, %d unknown, all the same%n", named,
                unknown);
        assertTrue(unknown >= 1 && named >= 1, named + " named, " + unknown + " unknown: both answers must be exercised");
    }

    @Test
    @Order(3)
    void listInputTakesLabelsFromTabsOrFoldersAndReportsMissingFiles() throws Exception {
        Path list = tmp.resolve("lists/images.txt");
        Files.createDirectories(list.getParent());
        Files.writeString(list, images.resolve("penny/penny2.png") + "\tPenny\n"
                + "../images/raj/raj3.png\n"       // relative: from the list's folder
                + "\n"
                + images.resolve("raj/no-such-photo.jpg") + "\n");
        Path out = tmp.resolve("listed.parquet");
        EmbedImagesJob job = new EmbedImagesJob();
        assertEquals(0, Cli.run(job, "--list", list.toString(), "--output", out.toString(), "--model", MODEL));
        Map<String, Row> byPath = new HashMap<>();
        for (Row r : spark.read().parquet(out.toString()).collectAsList()) {
            byPath.put(r.getAs("path"), r);
        }
        assertEquals(3, byPath.size(), byPath.keySet().toString());
        Row penny = byPath.get(images.resolve("penny/penny2.png").toString());
        assertEquals("Penny", penny.getAs("label"));
        assertNotNull(penny.getAs("vector"));
        Row raj = byPath.get("../images/raj/raj3.png");
        assertEquals("raj", raj.getAs("label"));
        assertNotNull(raj.getAs("vector"));
        Row missing = byPath.get(images.resolve("raj/no-such-photo.jpg").toString());
        assertNull(missing.getAs("vector"));
        assertTrue(((String) missing.getAs("error")).startsWith("unreadable file"), (String) missing.getAs("error"));
    }
}
