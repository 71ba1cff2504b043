package oneshot.pipeline;

/** Which alignment produced a crop; written wherever crops are (CSV, reports), since the two are not equivalent. */
public enum AlignmentKind {
    /** OpenFace's: dlib's 68 landmarks, exact 3-point affine (the nn4.small2 setting). */
    DLIB_3POINT("dlib-3point"),
    /** Lower fidelity, used when dlib's model file is absent: similarity from MTCNN's 5 points to a fitted template. */
    MTCNN_5POINT_FALLBACK("mtcnn-5point-fallback");

    private final String label;

    AlignmentKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
