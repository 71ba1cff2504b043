package oneshot.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which alignment produced a crop; written wherever crops are (CSV, reports, model manifests), since crops of different
 * kinds are not interchangeable: a network sees only the kind it was trained on.
 */
public enum AlignmentKind {
    /** OpenFace's: dlib's 68 landmarks, exact 3-point affine to 96x96 (the nn4.small2 setting). */
    DLIB_3POINT("dlib-3point", 96),
    /** dlib's face chip: similarity from 33 of the 68 landmarks to dlib's mean face, 150x150, padding 0.25 (dlib ResNet). */
    DLIB_CHIP_150("dlib-chip-150", 150),
    /** Lower fidelity, used when dlib's model file is absent: similarity from MTCNN's 5 points to a fitted template. */
    MTCNN_5POINT_FALLBACK("mtcnn-5point-fallback", 96);

    private final String label;
    private final int size;

    AlignmentKind(String label, int size) {
        this.label = label;
        this.size = size;
    }

    public String label() {
        return label;
    }

    /** Width and height of the square crop, pixels. */
    public int size() {
        return size;
    }

    /** The kind a label names (as written in align.csv and manifests). */
    public static AlignmentKind fromLabel(String label) {
        for (AlignmentKind k : values()) {
            if (k.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown alignment '" + label + "': expected one of "
                + Arrays.stream(values()).map(AlignmentKind::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
