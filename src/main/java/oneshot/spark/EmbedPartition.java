package oneshot.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import oneshot.gallery.FaceBox;
import oneshot.image.ImageDecodeException;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import oneshot.pipeline.FaceChoice;
import oneshot.pipeline.PipelineFace;
import oneshot.pipeline.PipelineFaceEncoder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One partition of {@link EmbeddingSchema#INPUT} rows to {@link EmbeddingSchema#EMBEDDINGS} rows, on the executor's one
 * pipeline ({@link ExecutorModels}): each image is read (any Hadoop file system), decoded by {@link ImageDecoder},
 * detected and aligned; the face {@link FaceChoice} picks (the Align job's rule) is kept, and the crops of up to
 * {@code batch} images are embedded together. An image that cannot be read or holds no face becomes a row with its
 * reason, never a failed task.
 */
final class EmbedPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String model;
    private final FaceChoice choice;
    private final int batch;

    EmbedPartition(String model, FaceChoice choice, int batch) {
        this.model = model;
        this.choice = choice;
        this.batch = batch;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        PipelineFaceEncoder encoder = ExecutorModels.encoder(model);
        Configuration conf = new Configuration();
        ImageDecoder decoder = new ImageDecoder();
        return new Iterator<>() {
            private Iterator<Row> done = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                while (!done.hasNext() && input.hasNext()) {
                    List<Row> chunk = new ArrayList<>(batch);
                    while (chunk.size() < batch && input.hasNext()) {
                        chunk.add(input.next());
                    }
                    done = embed(chunk, encoder, decoder, conf).iterator();
                }
                return done.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return done.next();
            }
        };
    }

    /** The face kept from one image, or why there is none. */
    private record Chosen(int faces, PipelineFace face, String error) {}

    private List<Row> embed(List<Row> chunk, PipelineFaceEncoder encoder, ImageDecoder decoder, Configuration conf) {
        List<Chosen> chosen = new ArrayList<>(chunk.size());
        List<RgbImage> crops = new ArrayList<>();
        for (Row in : chunk) {
            Chosen c = choose(in.getString(2), encoder, decoder, conf);
            chosen.add(c);
            if (c.face() != null) {
                crops.add(c.face().aligned());
            }
        }
        float[][] vectors = encoder.embed(crops);
        List<Row> out = new ArrayList<>(chunk.size());
        int v = 0;
        for (int i = 0; i < chunk.size(); i++) {
            Row in = chunk.get(i);
            Chosen c = chosen.get(i);
            if (c.face() == null) {
                out.add(RowFactory.create(in.getString(0), in.getString(1), encoder.modelId(), c.faces(), null, null, null,
                        c.error()));
                continue;
            }
            FaceBox b = PipelineFaceEncoder.boxOf(c.face().detection());
            out.add(RowFactory.create(in.getString(0), in.getString(1), encoder.modelId(), c.faces(),
                    c.face().alignment().label(), RowFactory.create(b.x(), b.y(), b.width(), b.height()), vectors[v++],
                    null));
        }
        return out;
    }

    private Chosen choose(String source, PipelineFaceEncoder encoder, ImageDecoder decoder, Configuration conf) {
        byte[] bytes;
        try {
            bytes = read(source, conf);
        } catch (IOException | RuntimeException e) {
            return new Chosen(0, null, "unreadable file: " + e.getMessage());
        }
        RgbImage img;
        try {
            img = decoder.decode(bytes, Path.of(source));
        } catch (ImageDecodeException e) {
            return new Chosen(0, null, "unreadable image: " + e.getMessage());
        }
        List<PipelineFace> faces;
        try {
            faces = encoder.align(img);
        } catch (RuntimeException e) {
            return new Chosen(0, null, "pipeline error: " + e); // AlignJob's wording: one bad image, not a failed job
        }
        if (faces.isEmpty()) {
            return new Chosen(0, null, "no face");
        }
        return new Chosen(faces.size(), faces.get(choice.choose(faces, img.width(), img.height())), null);
    }

    private static byte[] read(String source, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(source);
        FileSystem fs = p.getFileSystem(conf);
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }
}
