package oneshot.detect;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oneshot.SharedData;
import oneshot.concurrent.BranchHelper;
import oneshot.concurrent.LentWork;
import oneshot.image.RgbImage;

/**
 * MTCNN face detection (Zhang et al. 2016), following the original pipeline as ported by davidsandberg/facenet:
 * image pyramid, P-Net proposals, R-Net refinement, O-Net boxes and 5 landmarks.
 *
 * <p>Usage: {@code try (MtcnnDetector d = MtcnnDetector.load()) { List<DetectedFace> faces = d.detect(image); }}.
 * {@link #detect} is thread-safe (each call works in its own NDManager); for parallel workers run the JVM with
 * {@code -Dai.djl.pytorch.num_threads=1}. Faces come back best score first.
 */
public final class MtcnnDetector implements AutoCloseable {
    /** Settings of the original pipeline. */
    public record Settings(double minFace, double factor, double[] thresholds, MtcnnConvention convention) {
        public static Settings defaults() {
            return new Settings(20, 0.709, new double[] {0.6, 0.7, 0.7}, MtcnnConvention.ORIGINAL);
        }

        public Settings withConvention(MtcnnConvention c) {
            return new Settings(minFace, factor, thresholds, c);
        }
    }

    private static final double NORM_MEAN = 127.5;
    private static final double NORM_SCALE = 0.0078125;

    private final MtcnnNets nets;
    private final Settings settings;
    private volatile BranchHelper helper;
    /** A pyramid level's fixed cost in pixels' worth of P-Net work (see {@link #halfTheWork}). */
    private static final double LEVEL_OVERHEAD_PIXELS = 1100;

    public MtcnnDetector(MtcnnNets nets, Settings settings) {
        this.nets = nets;
        this.settings = settings;
    }

    /** Loads the weights from {@code ../shared/weights/mtcnn} (or {@code -Doneshot.shared}) with the default settings. */
    public static MtcnnDetector load() {
        return load(SharedData.mtcnnWeights(), Settings.defaults());
    }

    public static MtcnnDetector load(Path weightsDir, Settings settings) {
        return new MtcnnDetector(new MtcnnNets(MtcnnWeights.load(weightsDir)), settings);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Lets {@link #detect} hand the pyramid's largest level to an idle thread of {@code h} (the inference workers):
     * a single request then uses both cores for P-Net. Off (null) by default: the Align job's own workers keep every
     * core busy already.
     */
    public void lendLevelsTo(BranchHelper h) {
        this.helper = h;
    }

    /**
     * Like {@link #detect}, but when nothing is found, tries again on the image padded with a black border of
     * {@code pad} times its size on each side and maps the faces back. Tight face crops (a face filling the frame, as in
     * the bbt demo set) need it: MTCNN's proposals come from boxes that must fit around the whole face.
     */
    public List<DetectedFace> detectWithPadRetry(RgbImage img, double pad) {
        List<DetectedFace> faces = detect(img);
        if (!faces.isEmpty() || pad <= 0) {
            return faces;
        }
        int px = (int) Math.round(img.width() * pad);
        int py = (int) Math.round(img.height() * pad);
        int w = img.width() + 2 * px;
        int h = img.height() + 2 * py;
        byte[] padded = new byte[w * h * 3];
        for (int y = 0; y < img.height(); y++) {
            System.arraycopy(img.rgb(), y * img.width() * 3, padded, ((y + py) * w + px) * 3, img.width() * 3);
        }
        List<DetectedFace> out = new ArrayList<>();
        for (DetectedFace f : detect(new RgbImage(w, h, padded))) {
            double[] p = f.points().clone();
            for (int i = 0; i < 5; i++) {
                p[2 * i] -= px;
                p[2 * i + 1] -= py;
            }
            out.add(new DetectedFace(f.score(), f.left() - px, f.top() - py, f.right() - px, f.bottom() - py, p));
        }
        return out;
    }

    /** Every face in the image, best score first. */
    public List<DetectedFace> detect(RgbImage img) {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Candidate> boxes = proposals(img);
            if (boxes.isEmpty()) {
                return List.of();
            }
            boxes = refine(img, boxes);
            if (boxes.isEmpty()) {
                return List.of();
            }
            boxes = output(m, img, boxes);
            List<DetectedFace> faces = new ArrayList<>();
            for (Candidate c : boxes) {
                double[] p = new double[10];
                for (int i = 0; i < 5; i++) {
                    p[2 * i] = c.points[i];
                    p[2 * i + 1] = c.points[5 + i];
                }
                faces.add(new DetectedFace(c.score, c.x1 - 1, c.y1 - 1, c.x2 - 1, c.y2 - 1, p));
            }
            faces.sort((a, b) -> Double.compare(b.score(), a.score()));
            return faces;
        }
    }

    /** Stage 1: P-Net over the pyramid, NMS per scale then across scales, regression, squaring. */
    private List<Candidate> proposals(RgbImage img) {
        double scale0 = 12.0 / settings.minFace();
        double minl = Math.min(img.width(), img.height()) * scale0;
        List<Double> scales = new ArrayList<>();
        for (int k = 0; minl >= 12; k++, minl *= settings.factor()) {
            scales.add(scale0 * Math.pow(settings.factor(), k));
        }
        // An idle inference thread takes about half of the pyramid's work while this one does the rest. Each level's
        // result is the same wherever it runs; they are merged in level order as before.
        BranchHelper h = scales.size() > 1 ? helper : null;
        boolean[] lendable = h != null ? halfTheWork(img, scales) : new boolean[scales.size()];
        LentWork<List<List<Candidate>>> lent = LentWork.offerOrKeep(h, () -> levels(img, scales, lendable, true));
        List<List<Candidate>> own = levels(img, scales, lendable, false);
        List<List<Candidate>> other = lent.join();
        List<Candidate> all = new ArrayList<>();
        for (int k = 0, o = 0, l = 0; k < scales.size(); k++) {
            all.addAll(lendable[k] ? other.get(l++) : own.get(o++));
        }
        List<Candidate> kept = Nms.apply(all, 0.7, Nms.Mode.UNION);
        for (Candidate c : kept) {
            // stage 1 scales offsets by the exclusive size, unlike bbreg
            double rw = c.x2 - c.x1;
            double rh = c.y2 - c.y1;
            c.x1 += c.reg[0] * rw;
            c.y1 += c.reg[1] * rh;
            c.x2 += c.reg[2] * rw;
            c.y2 += c.reg[3] * rh;
            c.square();
            c.truncate();
        }
        return kept;
    }

    /** The levels whose {@code lendable} flag is {@code which}, in order. */
    private List<List<Candidate>> levels(RgbImage img, List<Double> scales, boolean[] lendable, boolean which) {
        List<List<Candidate>> out = new ArrayList<>();
        for (int k = 0; k < scales.size(); k++) {
            if (lendable[k] == which) {
                out.add(level(img, scales.get(k)));
            }
        }
        return out;
    }

    /**
     * Which levels to lend so that both threads get about the same work: largest first, each to the lighter side. A
     * level costs its pixels plus a fixed ~1,100 pixels' worth (its ~20 ops, resampling, NMS: on bbt's penny2, with
     * other jobs running, a 16x16 level took 0.7 ms and a 90x90 one 4.7 ms). Lending only the largest level left this
     * thread 7.5 of the pyramid's 12 ms.
     */
    private static boolean[] halfTheWork(RgbImage img, List<Double> scales) {
        int n = scales.size();
        Integer[] bySize = new Integer[n];
        double[] cost = new double[n];
        for (int k = 0; k < n; k++) {
            bySize[k] = k;
            double side = scales.get(k);
            cost[k] = Math.ceil(img.width() * side) * Math.ceil(img.height() * side) + LEVEL_OVERHEAD_PIXELS;
        }
        java.util.Arrays.sort(bySize, (a, b) -> Double.compare(cost[b], cost[a]));
        boolean[] lend = new boolean[n];
        double lent = 0;
        double kept = 0;
        for (int k : bySize) {
            if (lent <= kept) {
                lend[k] = true;
                lent += cost[k];
            } else {
                kept += cost[k];
            }
        }
        return lend;
    }

    /** One pyramid level: P-Net's candidates above the first threshold, after NMS within the level. */
    private List<Candidate> level(RgbImage img, double scale) {
        int w = img.width();
        int h = img.height();
        boolean t = settings.convention().transposed();
        int hs = (int) Math.ceil(h * scale);
        int ws = (int) Math.ceil(w * scale);
        float[] raw = AreaResampler.resize(img, 0, 0, w, h, ws, hs);
        float[] tensor = new float[3 * ws * hs];
        writeTensor(raw, ws, hs, tensor, 0);
        MtcnnNets.PnetMap map;
        // one manager per level: a level's activations are freed before the next (a 12 MP photo's first level
        // alone needs hundreds of MB)
        try (NDManager level = NDManager.newBaseManager()) {
            map = t ? nets.pnet(level, tensor, ws, hs) : nets.pnet(level, tensor, hs, ws);
        }
        List<Candidate> found = new ArrayList<>();
        for (int ia = 0; ia < map.a(); ia++) {
            for (int ib = 0; ib < map.b(); ib++) {
                int i = ia * map.b() + ib;
                float score = map.prob()[i];
                if (score < settings.thresholds()[0]) {
                    continue;
                }
                int cx = t ? ia : ib;
                int cy = t ? ib : ia;
                Candidate c = new Candidate(Candidate.fix((2 * cx + 1) / scale), Candidate.fix((2 * cy + 1) / scale),
                        Candidate.fix((2 * cx + 12) / scale), Candidate.fix((2 * cy + 12) / scale), score);
                for (int r = 0; r < 4; r++) {
                    c.reg[r] = map.reg()[r][i];
                }
                found.add(c);
            }
        }
        return Nms.apply(found, 0.5, Nms.Mode.UNION);
    }

    /** Stage 2: R-Net on 24x24 crops. */
    private List<Candidate> refine(RgbImage img, List<Candidate> boxes) {
        MtcnnNets.StageOutput out = rnet(img, boxes);
        List<Candidate> pass = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            if (out.prob()[i] > settings.thresholds()[1]) {
                Candidate c = boxes.get(i);
                c.score = out.prob()[i];
                System.arraycopy(toDouble(out.reg()[i]), 0, c.reg, 0, 4);
                pass.add(c);
            }
        }
        List<Candidate> kept = Nms.apply(pass, 0.7, Nms.Mode.UNION);
        for (Candidate c : kept) {
            c.applyRegression(c.reg);
            c.square();
        }
        return kept;
    }

    /**
     * R-Net's scores for the boxes, in two batches from four boxes on: the first half goes to the helper thread when one
     * is set and idle (R-Net on ten boxes is arithmetic more than op overhead). The halves are the same with or without
     * a helper, so the Align job and the server compute the same numbers (a box's scores change in the 7th digit with
     * the batch it is in, as they always did with the number of P-Net boxes).
     */
    private MtcnnNets.StageOutput rnet(RgbImage img, List<Candidate> boxes) {
        int n = boxes.size();
        if (n < 4) {
            return rnetBatch(img, boxes);
        }
        List<Candidate> first = boxes.subList(0, n / 2);
        LentWork<MtcnnNets.StageOutput> a = LentWork.offerOrKeep(helper, () -> rnetBatch(img, first));
        MtcnnNets.StageOutput b = rnetBatch(img, boxes.subList(n / 2, n));
        return MtcnnNets.StageOutput.concat(a.join(), b);
    }

    private MtcnnNets.StageOutput rnetBatch(RgbImage img, List<Candidate> boxes) {
        try (NDManager m = NDManager.newBaseManager()) {
            return nets.rnet(m, crops(img, boxes, 24), boxes.size());
        }
    }

    /** Stage 3: O-Net on 48x48 crops: final score, box and landmarks; NMS by the smaller area. */
    private List<Candidate> output(NDManager m, RgbImage img, List<Candidate> boxes) {
        for (Candidate c : boxes) {
            c.truncate();
        }
        float[] batch = crops(img, boxes, 48);
        MtcnnNets.StageOutput out = nets.onet(m, batch, boxes.size());
        List<Candidate> pass = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            if (out.prob()[i] > settings.thresholds()[2]) {
                Candidate c = boxes.get(i);
                c.score = out.prob()[i];
                double bw = c.x2 - c.x1 + 1;
                double bh = c.y2 - c.y1 + 1;
                float[] p = out.points()[i];
                c.points = new double[10];
                for (int k = 0; k < 5; k++) {
                    c.points[k] = bw * p[k] + c.x1 - 1;
                    c.points[5 + k] = bh * p[5 + k] + c.y1 - 1;
                }
                c.applyRegression(toDouble(out.reg()[i]));
                pass.add(c);
            }
        }
        return Nms.apply(pass, 0.7, Nms.Mode.MIN);
    }

    /**
     * O-Net's face probability for each final box, squared around its centre as the cascade squares its inputs: a
     * second look at exactly the region reported, after the box regression moved it.
     */
    public float[] rescore(RgbImage img, List<DetectedFace> faces) {
        if (faces.isEmpty()) {
            return new float[0];
        }
        List<Candidate> boxes = new ArrayList<>();
        for (DetectedFace f : faces) {
            Candidate c = new Candidate(f.left() + 1, f.top() + 1, f.right() + 1, f.bottom() + 1, f.score());
            c.square();
            c.truncate();
            boxes.add(c);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            return nets.onet(m, crops(img, boxes, 48), boxes.size()).prob();
        }
    }

    /** Crops every box (1-based inclusive corners, zero outside the image), resized to size x size, as one batch. */
    private float[] crops(RgbImage img, List<Candidate> boxes, int size) {
        float[] batch = new float[boxes.size() * 3 * size * size];
        for (int i = 0; i < boxes.size(); i++) {
            Candidate c = boxes.get(i);
            int x0 = (int) c.x1 - 1;
            int y0 = (int) c.y1 - 1;
            int bw = (int) (c.x2 - c.x1 + 1);
            int bh = (int) (c.y2 - c.y1 + 1);
            float[] raw = bw > 0 && bh > 0 ? AreaResampler.resize(img, x0, y0, bw, bh, size, size)
                    : new float[size * size * 3];
            writeTensor(raw, size, size, batch, i * 3 * size * size);
        }
        return batch;
    }

    /** Interleaved raw RGB (w x h) to a normalised [3, A, B] tensor in the convention's channel and axis order. */
    private void writeTensor(float[] raw, int w, int h, float[] dst, int offset) {
        boolean bgr = settings.convention().bgr();
        boolean t = settings.convention().transposed();
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = (y * w + x) * 3;
                int pos = t ? x * h + y : y * w + x;
                for (int c = 0; c < 3; c++) {
                    int ch = bgr ? 2 - c : c;
                    dst[offset + ch * plane + pos] = (float) ((raw[s + c] - NORM_MEAN) * NORM_SCALE);
                }
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Override
    public void close() {
        nets.close();
    }
}
