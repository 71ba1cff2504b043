package oneshot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import oneshot.SharedData;
import oneshot.gallery.GalleryStore;
import oneshot.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of {@code Serve} (its own JVM, the real dlib-resnet34 pipeline) while a client enrols the bbt images one after
 * another: restarted on the same gallery, it opens it, the file passes SQLite's integrity check and every enrolment the
 * server acknowledged (201) is there, face by face (its source image's sha256). The restart also finds the admin key
 * by its stored hash, without the key file.
 */
class ServeKillTest {
    private static final String[] PEOPLE = {"amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"};

    @TempDir
    Path dir;

    record Acked(String name, String sha256) {}

    @Test
    void everyAcknowledgedEnrolmentSurvivesAKill9() throws Exception {
        Path gallery = dir.resolve("galleries/default.gallery");
        Path keyFile = dir.resolve("admin.key");
        String key = ApiKeys.newKey();
        Files.writeString(keyFile, key + "\n", StandardCharsets.UTF_8);
        List<Acked> acked = new ArrayList<>();
        int killedAfter;
        try (ServeProcess serve = ServeProcess.start(dir.resolve("first.log"), "--port", "0", "--gallery",
                gallery.toString(), "--model", "dlib-resnet34", "--admin-key-file", keyFile.toString())) {
            ApiClient admin = new ApiClient(serve.url, key);
            AtomicInteger acks = new AtomicInteger();
            killedAfter = 8 + new Random().nextInt(8);
            Thread killer = new Thread(() -> {
                try {
                    while (acks.get() < killedAfter) {
                        Thread.sleep(5);
                    }
                    Thread.sleep(new Random().nextInt(120)); // somewhere inside the next enrolment
                    serve.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "killer");
            killer.start();
            outer:
            for (int n = 1; n <= 5; n++) {
                for (String p : PEOPLE) {
                    byte[] image = Files.readAllBytes(SharedData.require("data/bbt/" + p + "/" + p + n + ".png"));
                    ApiClient.Answer a;
                    try {
                        a = admin.postMultipart("/api/v1/galleries/default/subjects", ApiClient.parts("name", p, "image", image));
                    } catch (IOException e) {
                        break outer; // the server is gone: this one was not acknowledged
                    }
                    if (a.status() == 201) {
                        acked.add(new Acked(p, AtomicFiles.sha256(image)));
                        acks.incrementAndGet();
                    }
                }
            }
            killer.join();
            assertFalse(serve.process.isAlive());
            assertEquals(137, serve.process.exitValue(), "killed by SIGKILL (128 + 9)");
        }
        assertTrue(acked.size() >= killedAfter && acked.size() < 40, "killed mid-way: " + acked.size() + " acknowledged");

        try (GalleryStore store = GalleryStore.openExisting(gallery)) {
            assertEquals("ok", store.integrityCheck());
        }
        try (ServeProcess again = ServeProcess.start(dir.resolve("second.log"), "--port", "0", "--gallery",
                gallery.toString(), "--model", "dlib-resnet34")) {
            ApiClient admin = new ApiClient(again.url, key);
            Set<Acked> stored = new HashSet<>();
            ApiClient.Answer people = admin.get("/api/v1/galleries/default/subjects");
            assertEquals(200, people.status(), "the stored admin key works after the restart: " + people);
            for (JsonElement p : people.json().getAsJsonArray()) {
                String name = p.getAsJsonObject().get("name").getAsString();
                for (JsonElement f : admin.get("/api/v1/galleries/default/subjects/" + name).object().getAsJsonArray("faces")) {
                    stored.add(new Acked(name, f.getAsJsonObject().get("source").getAsString()));
                }
            }
            System.out.printf("kill -9 after %d acknowledged enrolments (killer armed at %d); %d faces stored after the"
                    + " restart%n", acked.size(), killedAfter, stored.size());
            for (Acked a : acked) {
                assertTrue(stored.contains(a), "acknowledged and lost: " + a);
            }
            assertTrue(stored.size() <= acked.size() + 1, "at most the one in flight beyond the acknowledged: "
                    + stored.size() + " vs " + acked.size());
            ApiClient.Answer more = admin.postMultipart("/api/v1/galleries/default/subjects", ApiClient.parts("name", "penny", "image",
                    Files.readAllBytes(SharedData.require("data/bbt/penny/penny5.png"))));
            assertTrue(more.status() == 201 || more.status() == 409, "the gallery takes enrolments again: " + more);
        }
    }
}
