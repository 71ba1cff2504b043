package oneshot.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import oneshot.GoldenWeights;
import oneshot.SharedData;
import oneshot.concurrent.BranchHelper;
import oneshot.image.RgbImage;
import oneshot.net.ChannelsLast;
import oneshot.net.FaceModel;
import oneshot.net.FaceNetwork;
import oneshot.net.LrnMode;
import oneshot.net.Nn4Small2;
import oneshot.net.dlib.FaceRecognitionNet;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The networks are plain compositions (no lending block anywhere, inception blocks are DJL ParallelBlocks), and the
 * lending view over the same layers gives the plain network's embeddings on real faces while its lent work really runs
 * on the other thread.
 */
class LendingViewTest {
    static final BranchHelper NEVER_IDLE = new BranchHelper() {
        @Override
        public <T> Future<T> offer(Callable<T> task) {
            return null;
        }
    };
    static final String[] FACES = {"00_Aaron_Eckhart_0001", "02_Serena_Williams_0001"};

    @Test
    void definitionNetworksHoldNoLendingBlockEvenAfterAViewWasBuilt() {
        for (FaceNetwork net : List.of(new Nn4Small2(LrnMode.TORCH), new FaceRecognitionNet())) {
            assertPlain(net.block(), net.architecture());
            Block view = LendingView.of(net, NEVER_IDLE);
            assertTrue(blocks(view).stream().anyMatch(b -> b instanceof LendingConv), net.architecture() + " view lends");
            assertPlain(net.block(), net.architecture() + " after a view was built");
        }
        List<Block> stages = new Nn4Small2(LrnMode.TORCH).block().getChildren().values();
        for (int i = 1; i <= 7; i++) {
            assertTrue(stages.get(i) instanceof ParallelBlock, Nn4Small2.STAGES.get(i) + " is a DJL ParallelBlock");
        }
    }

    private static void assertPlain(Block root, String what) {
        for (Block b : blocks(root)) {
            String pkg = b.getClass().getPackageName();
            assertTrue(pkg.startsWith("ai.djl.") || pkg.equals("oneshot.net") || pkg.equals("oneshot.net.dlib"),
                    what + ": " + b.getClass().getName() + " in the definition network");
        }
    }

    /** {@code root} and every block under it. */
    private static List<Block> blocks(Block root) {
        List<Block> all = new ArrayList<>();
        all.add(root);
        for (Block c : root.getChildren().values()) {
            all.addAll(blocks(c));
        }
        return all;
    }

    @Test
    void viewOnRealFacesEqualsThePlainNetworkAndItsLentWorkRanElsewhere() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        AtomicInteger ranThere = new AtomicInteger();
        BranchHelper always = new BranchHelper() {
            @Override
            public <T> Future<T> offer(Callable<T> task) {
                return other.submit(() -> {
                    T result = task.call();
                    if (result != null) { // null: the offerer had taken the work back, nothing ran here
                        ranThere.incrementAndGet();
                    }
                    return result;
                });
            }
        };
        Path golden = SharedData.require("golden/nn4");
        try (FaceModel m = GoldenWeights.model(LrnMode.TORCH).forInference();
                NDManager mgr = m.model().getNDManager().newSubManager()) {
            Block view = LendingView.of(m.network(), always);
            assertEquals(identities(m.network().block()), identities(view), "the view's parameters are the network's own");
            for (String face : FACES) {
                RgbImage img = RgbImage.of(ImageIO.read(golden.resolve("inputs/" + face + ".png").toFile()));
                NDArray x = ChannelsLast.input(mgr, ChannelsLast.fromChw(FaceTensor.of(img), 1, 96, 96), 1, 96, 96);
                int before = ranThere.get();
                float[] plain = forward(m.network().block(), mgr, x);
                float[] lent = forward(view, mgr, x);
                assertArrayEquals(plain, lent, 1e-6f, face);
                assertTrue(ranThere.get() > before, face + ": no branch or conv half ran on the other thread");
            }
        } finally {
            other.shutdown();
        }
    }

    private static float[] forward(Block b, NDManager mgr, NDArray x) {
        return b.forward(new ParameterStore(mgr, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    private static Set<Parameter> identities(Block b) {
        Set<Parameter> s = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Pair<String, Parameter> p : b.getParameters()) {
            s.add(p.getValue());
        }
        return s;
    }
}
