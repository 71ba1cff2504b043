package oneshot.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet tables the Spark jobs read and write. Column names are the contract for other tools (Spark SQL, pandas,
 * DuckDB): one row per input image, its vector null and {@code error} set when it has none.
 */
public final class EmbeddingSchema {
    private EmbeddingSchema() {}

    /** The images to embed: the path stored in the table, its label, and where an executor reads it (a Hadoop URI). */
    public static final StructType INPUT = new StructType(new StructField[] {
            DataTypes.createStructField("path", DataTypes.StringType, false),
            DataTypes.createStructField("label", DataTypes.StringType, false),
            DataTypes.createStructField("source", DataTypes.StringType, false)});

    /** A face's box in image pixels: top-left corner, width, height (the detector's box, as {@code OneShot.faces}). */
    public static final StructType BOX = new StructType(new StructField[] {
            DataTypes.createStructField("x", DataTypes.DoubleType, false),
            DataTypes.createStructField("y", DataTypes.DoubleType, false),
            DataTypes.createStructField("width", DataTypes.DoubleType, false),
            DataTypes.createStructField("height", DataTypes.DoubleType, false)});

    /**
     * The embedding table: path (relative to the input folder, or as listed), label (identity folder), model id, faces
     * found, the alignment and box of the chosen face, its unit vector, and why there is none (unreadable, no face).
     */
    public static final StructType EMBEDDINGS = new StructType(new StructField[] {
            DataTypes.createStructField("path", DataTypes.StringType, false),
            DataTypes.createStructField("label", DataTypes.StringType, false),
            DataTypes.createStructField("model_id", DataTypes.StringType, false),
            DataTypes.createStructField("faces", DataTypes.IntegerType, false),
            DataTypes.createStructField("alignment", DataTypes.StringType, true),
            DataTypes.createStructField("box", BOX, true),
            DataTypes.createStructField("vector", DataTypes.createArrayType(DataTypes.FloatType, false), true),
            DataTypes.createStructField("error", DataTypes.StringType, true)});

    /** One candidate of an identification: an enrolled name and its squared L2 distance. */
    public static final StructType CANDIDATE = new StructType(new StructField[] {
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("distance", DataTypes.DoubleType, false)});

    /**
     * Identifications: per probe row its name (an enrolled person or "unknown"), the distance to that person (to the
     * nearest one when unknown), the nearest candidates, and the probe's error when it had no vector.
     */
    public static final StructType IDENTIFICATIONS = new StructType(new StructField[] {
            DataTypes.createStructField("path", DataTypes.StringType, false),
            DataTypes.createStructField("label", DataTypes.StringType, false),
            DataTypes.createStructField("name", DataTypes.StringType, true),
            DataTypes.createStructField("known", DataTypes.BooleanType, true),
            DataTypes.createStructField("distance", DataTypes.DoubleType, true),
            DataTypes.createStructField("candidates", DataTypes.createArrayType(CANDIDATE, false), true),
            DataTypes.createStructField("error", DataTypes.StringType, true)});

    /** A {@code vector} cell as Spark hands it back (a list of boxed floats) to the float[] the project's classes take. */
    public static float[] vector(java.util.List<Float> cell) {
        float[] v = new float[cell.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = cell.get(i);
        }
        return v;
    }
}
