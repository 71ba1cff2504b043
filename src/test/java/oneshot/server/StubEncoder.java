package oneshot.server;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceBox;
import oneshot.gallery.FaceEncoder;
import oneshot.image.RgbImage;

/**
 * Test double for the face pipeline, for the server's plumbing (routes, keys, queue): every decoded image has one
 * face whose vector is derived from its pixels (different images, different people), optionally held until released.
 */
final class StubEncoder implements FaceEncoder {
    static final String MODEL = "stub-model-0001";
    private final CountDownLatch hold;

    StubEncoder(CountDownLatch hold) {
        this.hold = hold;
    }

    @Override
    public String modelId() {
        return MODEL;
    }

    @Override
    public List<EncodedFace> encode(Path image) throws IOException {
        throw new IOException("the stub encodes decoded images only");
    }

    @Override
    public List<EncodedFace> encode(RgbImage image) {
        if (hold != null) {
            try {
                hold.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        float[] v = new float[8];
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(image.rgb());
            for (int i = 0; i < v.length; i++) {
                v[i] = h[i] / 128f + 0.01f;
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return List.of(new EncodedFace(new FaceBox(1, 2, image.width() - 2, image.height() - 3), 0.99, v, "stub"));
    }
}
