package oneshot.gallery;

import java.nio.file.Path;
import java.util.Random;
import oneshot.io.AtomicFiles;

/**
 * A separate process for the store's concurrency and crash tests: enrols {@code count} random vectors (forever if -1) as
 * PREFIX-0, PREFIX-1, ... and prints "committed i" after each commit, so the parent knows what must survive a kill.
 * With PREFIX {@code --hang-while-creating} it starts creating the gallery, prints "creating TEMPFILE" and waits there
 * (to be killed in the middle of a creation).
 */
public final class EnrolmentWorker {
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        if (args[1].equals("--hang-while-creating")) {
            GalleryFile.createAtomically(db, tmp -> {
                System.out.println("creating " + tmp);
                System.out.flush();
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return;
        }
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        Random rnd = new Random(prefix.hashCode());
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            for (int i = 0; count < 0 || i < count; i++) {
                store.enroll(prefix + "-" + i, TestVectors.random(rnd, 128), "test-model",
                        AtomicFiles.sha256((prefix + i).getBytes()),
                        new FaceBox(0, 0, 10, 10));
                System.out.println("committed " + i);
                System.out.flush();
            }
        }
    }
}
