package oneshot.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

import java.util.List;
import java.util.function.Function;

/**
 * Torch's DepthConcat: branches with a smaller H x W are zero-padded to the largest, top/left getting the floor of
 * half the difference (openfacenet.py L84-94), then concatenated on channels in branch order.
 */
public final class DepthConcat implements Function<List<NDList>, NDList> {

    @Override
    public NDList apply(List<NDList> branches) {
        long maxH = 0;
        long maxW = 0;
        for (NDList b : branches) {
            Shape s = b.singletonOrThrow().getShape();
            maxH = Math.max(maxH, s.get(2));
            maxW = Math.max(maxW, s.get(3));
        }
        NDList padded = new NDList(branches.size());
        for (NDList b : branches) {
            NDArray t = b.singletonOrThrow();
            long h = t.getShape().get(2);
            long w = t.getShape().get(3);
            if (h == maxH && w == maxW) {
                padded.add(t);
            } else {
                long top = (maxH - h) / 2;
                long left = (maxW - w) / 2;
                // torch F.pad order: last dimension first
                padded.add(t.pad(new Shape(left, maxW - w - left, top, maxH - h - top), 0));
            }
        }
        return new NDList(NDArrays.concat(padded, 1));
    }

    /** Output shape for branch shapes, for getOutputShapes without running arrays. */
    public static Shape outputShape(List<Shape> branchShapes) {
        long c = 0;
        long h = 0;
        long w = 0;
        for (Shape s : branchShapes) {
            c += s.get(1);
            h = Math.max(h, s.get(2));
            w = Math.max(w, s.get(3));
        }
        return new Shape(branchShapes.get(0).get(0), c, h, w);
    }
}
