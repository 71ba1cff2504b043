package oneshot.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import oneshot.gallery.GalleryIndex;
import oneshot.gallery.Match;
import oneshot.gallery.NameAssignment;
import oneshot.gallery.Threshold;
import oneshot.gallery.Verdict;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One partition of an embedding table to {@link EmbeddingSchema#IDENTIFICATIONS} rows: each probe vector searched in the
 * executor's copy of the gallery ({@link SparkFiles}, one index per JVM via {@link ExecutorModels}) and named by the
 * facade's rules ({@link NameAssignment}, the threshold resolved on the driver). Each row is one image's one face, so
 * "unique names" never has two faces to share out.
 */
final class IdentifyPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String galleryFileName;
    private final String modelId;
    private final int candidates;
    // Threshold is a plain record: its fields travel, the record is rebuilt on the executor
    private final double threshold;
    private final String thresholdOrigin;
    private final boolean calibrated;
    private final boolean inclusive;

    IdentifyPartition(String galleryFileName, String modelId, int candidates, Threshold t) {
        this.galleryFileName = galleryFileName;
        this.modelId = modelId;
        this.candidates = candidates;
        this.threshold = t.value();
        this.thresholdOrigin = t.origin();
        this.calibrated = t.calibrated();
        this.inclusive = t.inclusive();
    }

    @Override
    public Iterator<Row> call(Iterator<Row> probes) {
        GalleryIndex index = ExecutorModels.gallery(ownerOnly(Path.of(SparkFiles.get(galleryFileName))), modelId);
        Threshold t = new Threshold(threshold, thresholdOrigin, calibrated, inclusive);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return probes.hasNext();
            }

            @Override
            public Row next() {
                Row p = probes.next();
                String path = p.getAs("path");
                String label = p.getAs("label");
                String error = p.getAs("error");
                if (error != null) {
                    return RowFactory.create(path, label, null, null, null, null, error);
                }
                float[] probe = EmbeddingSchema.vector(p.getList(p.fieldIndex("vector")));
                Verdict v = NameAssignment.assign(List.of(index.search(probe, candidates)), t, true, candidates).get(0);
                List<Row> nearest = new ArrayList<>(v.candidates().size());
                for (Match m : v.candidates()) {
                    nearest.add(RowFactory.create(m.name(), m.distance()));
                }
                return RowFactory.create(path, label, v.label(), v.known(), v.distance(), nearest.toArray(new Row[0]), null);
            }
        };
    }

    /** Spark's copy of the gallery is this executor's own: owner-only, as every file holding vectors here. */
    private static Path ownerOnly(Path copy) {
        try {
            java.nio.file.Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString(
                    "rw-------"));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // the gallery warns about a shared file itself
        }
        return copy;
    }
}
