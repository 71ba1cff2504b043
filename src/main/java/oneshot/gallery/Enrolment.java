package oneshot.gallery;

import java.time.Instant;

/** One stored embedding: who, from which model, from which source image and face, and when. */
public record Enrolment(long id, String name, String modelId, String sourceSha256, FaceBox box, Instant enrolledAt) {}
