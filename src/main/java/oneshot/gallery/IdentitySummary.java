package oneshot.gallery;

import java.time.Instant;

/** An enrolled person as listed: name, when first enrolled, how many embeddings make the template. */
public record IdentitySummary(String name, Instant createdAt, int embeddings) {}
