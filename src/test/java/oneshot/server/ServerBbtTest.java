package oneshot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import oneshot.OneShot;
import oneshot.OneShotOptions;
import oneshot.SharedData;
import oneshot.gallery.GalleryStore;
import oneshot.image.BadImageCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on the real pipeline (dlib-resnet34, which imports itself from ../shared on first use) and the bbt demo set:
 * enrol two people over HTTP, identify a group photo, verify, delete; the bad-input corpus through the API.
 *
 * <p>Who is where in bbt3.jpg was read off the photo by eye (left to right: Sheldon, Howard, Penny, Raj, Leonard), not
 * from the model: Sheldon's face spans about x 35-95, Penny's about x 255-305 (the photo is 594 x 383).
 */
class ServerBbtTest {
    private static final String ADMIN = "admin-key-for-the-bbt-test-000";
    private static final String RECOGNITION = "recognition-key-for-bbt-000000";

    @TempDir
    static Path dir;

    private static OneShot oneShot;
    private static OneShotServer server;
    private static ApiClient admin;
    private static ApiClient recognition;

    @BeforeAll
    static void start() throws IOException {
        oneShot = OneShot.open(new OneShotOptions().model("dlib-resnet34").maxPixels(40_000_000L));
        server = OneShotServer.start(oneShot, new OneShotServer.Settings("127.0.0.1", 0, dir.resolve("g/default.gallery"),
                20L << 20, Duration.ofSeconds(60), 2, 32, ApiKeys.of(Map.of(Role.ADMIN, ADMIN, Role.RECOGNITION,
                RECOGNITION))));
        admin = new ApiClient("http://127.0.0.1:" + server.port(), ADMIN);
        recognition = admin.as(RECOGNITION);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (oneShot != null) {
            oneShot.close();
        }
    }

    private static byte[] bbt(String person, int n) throws IOException {
        return Files.readAllBytes(SharedData.require("data/bbt/" + person + "/" + person + n + ".png"));
    }

    private static byte[] scene(int n) throws IOException {
        return Files.readAllBytes(SharedData.require("data/bbt-scenes/bbt" + n + ".jpg"));
    }

    private static double centreX(JsonObject face) {
        JsonObject b = face.getAsJsonObject("box");
        return b.get("x").getAsDouble() + b.get("width").getAsDouble() / 2;
    }

    @Test
    void enrolTwoIdentifyAGroupVerifyAndDelete() throws Exception {
        String g = "/api/v1/galleries/default";
        for (String p : new String[] {"penny", "sheldon"}) {
            ApiClient.Answer a = admin.postMultipart(g + "/subjects", ApiClient.parts("name", p, "image", bbt(p, 1)));
            assertEquals(201, a.status(), a.toString());
            assertEquals(1, a.object().getAsJsonArray("faces").size());
        }
        ApiClient.Answer listed = recognition.get(g + "/subjects");
        assertEquals(2, listed.json().getAsJsonArray().size(), listed.toString());

        ApiClient.Answer who = recognition.postBytes(g + "/identify", "image/jpeg", scene(3));
        assertEquals(200, who.status(), who.toString());
        // where the time went, in order; the face work of five faces is most of it, the phases add up to the total
        String timing = who.raw().headers().firstValue(ServerTiming.HEADER).orElse("");
        java.util.Map<String, Double> phases = ServerTiming.parse(timing);
        assertEquals(List.of("upload", "queue", "faces", "search", "reply", "total"), List.copyOf(phases.keySet()), timing);
        double parts = phases.get("upload") + phases.get("queue") + phases.get("faces") + phases.get("search")
                + phases.get("reply");
        assertEquals(phases.get("total"), parts, 0.05, timing);
        assertTrue(phases.get("faces") > 0.5 * phases.get("total"), timing);
        JsonObject o = who.object();
        assertEquals(594, o.get("width").getAsInt());
        assertEquals(383, o.get("height").getAsInt());
        assertEquals(oneShot.modelId(), o.get("model").getAsString());
        assertFalse(o.getAsJsonObject("threshold").get("origin").getAsString().isBlank());
        JsonArray faces = o.getAsJsonArray("faces");
        assertEquals(5, faces.size(), "five people in bbt3: " + faces);
        int sheldon = 0, penny = 0, unknown = 0;
        for (JsonElement e : faces) {
            JsonObject f = e.getAsJsonObject();
            double x = centreX(f);
            String label = f.get("label").getAsString();
            assertFalse(f.getAsJsonArray("candidates").isEmpty());
            if (x > 30 && x < 100) {
                assertEquals("sheldon", label, "the leftmost face is Sheldon's: " + f);
                sheldon++;
            } else if (x > 250 && x < 310) {
                assertEquals("penny", label, "the centre face is Penny's: " + f);
                penny++;
            } else {
                assertEquals("unknown", label, "Howard, Raj and Leonard are not enrolled: " + f);
                assertTrue(f.get("name").isJsonNull());
                assertTrue(f.get("distance").getAsDouble() > o.getAsJsonObject("threshold").get("value").getAsDouble());
                unknown++;
            }
        }
        assertEquals(List.of(1, 1, 3), List.of(sheldon, penny, unknown));

        ApiClient.Answer same = recognition.postMultipart(g + "/verify", ApiClient.parts("image1", bbt("penny", 2), "image2",
                bbt("penny", 3)));
        assertEquals(200, same.status(), same.toString());
        assertTrue(same.object().get("same").getAsBoolean(), same.toString());
        assertEquals(2, same.object().getAsJsonArray("faces").size());
        ApiClient.Answer differ = recognition.postMultipart(g + "/verify", ApiClient.parts("image1", bbt("penny", 2), "image2",
                bbt("sheldon", 2)));
        assertFalse(differ.object().get("same").getAsBoolean(), differ.toString());
        ApiClient.Answer isSheldon = recognition.postMultipart(g + "/verify", ApiClient.parts("image", bbt("sheldon", 3),
                "subject", "sheldon"));
        assertTrue(isSheldon.object().get("same").getAsBoolean(), isSheldon.toString());
        ApiClient.Answer rawNotPenny = recognition.postBytes(g + "/verify?subject=penny", "image/png", bbt("howard", 1));
        assertEquals(200, rawNotPenny.status(), rawNotPenny.toString());
        assertFalse(rawNotPenny.object().get("same").getAsBoolean(), rawNotPenny.toString());

        ApiClient.Answer removed = admin.delete(g + "/subjects/penny");
        assertEquals(200, removed.status(), removed.toString());
        assertEquals("penny", removed.object().get("removed").getAsString());
        assertEquals(1, removed.object().get("faces").getAsInt());
        assertEquals(404, recognition.get(g + "/subjects/penny").status());
        try (GalleryStore store = GalleryStore.openExisting(dir.resolve("g/default.gallery"))) {
            assertEquals(1, store.embeddingCount(), "Penny's vector is deleted from the file");
            assertTrue(store.vectors("penny", oneShot.modelId()).isEmpty());
        }
        JsonArray after = recognition.postBytes(g + "/identify", "image/jpeg", scene(3)).object().getAsJsonArray("faces");
        for (JsonElement e : after) {
            assertFalse("penny".equals(e.getAsJsonObject().get("label").getAsString()), "nobody is Penny now: " + after);
        }
        assertEquals(404, recognition.postMultipart(g + "/verify", ApiClient.parts("image", bbt("penny", 2), "subject",
                "penny")).status());
        ApiClient.Answer group = admin.postMultipart(g + "/subjects", ApiClient.parts("name", "cast", "image", scene(3)));
        assertEquals(422, group.status(), "five faces of one size: whom to enrol? " + group);
        assertEquals("several_faces", group.errorCode());
    }

    @Test
    void theBadInputCorpusGetsA4xxEachAndTheServerKeepsServing() throws Exception {
        Path corpus = dir.resolve("corpus");
        Map<String, BadImageCorpus.Expect> expect = BadImageCorpus.write(corpus);
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, BadImageCorpus.Expect> e : expect.entrySet()) {
            Path file = corpus.resolve(e.getKey());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue; // folders and links are file-system cases: an upload is always bytes
            }
            byte[] bytes = Files.readAllBytes(file);
            ApiClient.Answer id = recognition.postBytes("/api/v1/galleries/default/identify", "application/octet-stream", bytes);
            ApiClient.Answer enrol = admin.postMultipart("/api/v1/galleries/default/subjects",
                    ApiClient.parts("name", "corpus", "image", bytes));
            String what = e.getKey() + ": identify " + id + " / enrol " + enrol;
            if (e.getValue().fails()) {
                boolean size = e.getValue().reason().contains("above the limit");
                for (ApiClient.Answer a : List.of(id, enrol)) {
                    assertEquals(size ? 413 : 400, a.status(), what);
                    assertEquals(size ? "too_large" : "bad_image", a.errorCode(), what);
                    assertTrue(size ? a.errorMessage().contains("pixels, above this server's limit of 40000000")
                            : a.errorMessage().contains(e.getValue().reason()), what);
                }
            } else {
                assertEquals(200, id.status(), what);
                assertEquals(0, id.object().getAsJsonArray("faces").size(), "no entry shows a face: " + what);
                assertEquals(422, enrol.status(), what);
                assertEquals("no_face", enrol.errorCode(), what);
            }
            assertEquals(200, recognition.get("/health").status(), "still serving after " + e.getKey());
            checked.add(e.getKey());
        }
        assertTrue(checked.size() >= 14, "the corpus's files: " + checked);

        byte[] huge = new byte[21 << 20];
        new Random(14).nextBytes(huge);
        ApiClient.Answer tooBig = recognition.postBytes("/api/v1/detect", "image/jpeg", huge);
        assertEquals(413, tooBig.status(), tooBig.toString());
        assertTrue(tooBig.errorMessage().contains("limit of " + (20 << 20) + " bytes"), tooBig.toString());
        assertEquals(413, recognition.postMultipart("/api/v1/detect", ApiClient.parts("image", huge)).status());
        ApiClient.Answer empty = recognition.postBytes("/api/v1/detect", "image/png", new byte[0]);
        assertEquals(400, empty.status(), empty.toString());
        assertTrue(empty.errorMessage().contains("empty"), empty.toString());
        ApiClient.Answer health = recognition.get("/health");
        assertEquals(200, health.status());
        assertEquals("ok", health.object().get("status").getAsString());
    }
}
