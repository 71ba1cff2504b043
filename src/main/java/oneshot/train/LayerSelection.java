package oneshot.train;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import oneshot.net.ConvBnRelu;
import oneshot.net.Nn4Small2;

/**
 * Which layers train and which stay frozen, chosen by a regular expression over layer names (Keras-OpenFace conv
 * names such as {@code inception_5a_1x1_conv}, and {@code dense}). A frozen conv layer keeps its BatchNorm in
 * inference mode ({@link ConvBnRelu#setFrozen}). Also finds the first stage that trains: everything before it can be
 * computed once per image and cached.
 */
public final class LayerSelection {
    public static final String DENSE = "dense";

    private final List<String> trained;
    private final int firstTrainedStage;
    private final String pattern;

    private LayerSelection(String pattern, List<String> trained, int firstTrainedStage) {
        this.pattern = pattern;
        this.trained = List.copyOf(trained);
        this.firstTrainedStage = firstTrainedStage;
    }

    /** Freezes every layer of {@code net} whose name does not fully match {@code regex}, unfreezes the rest. */
    public static LayerSelection apply(Nn4Small2 net, String regex) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Layer pattern '" + regex + "' is not a valid regular expression: "
                    + e.getDescription(), e);
        }
        List<String> trained = new ArrayList<>();
        int first = Integer.MAX_VALUE;
        for (ConvBnRelu c : net.convs().values()) {
            boolean train = p.matcher(c.name()).matches();
            c.setFrozen(!train);
            if (train) {
                // DJL's freezeParameters(false) also marks BatchNorm running statistics as needing gradients, which
                // PyTorch refuses; they are updated by the forward pass, never by the optimiser.
                c.bn().freezeParameters(true, LayerSelection::isRunningStatistic);
            }
            if (train) {
                trained.add(c.name());
                first = Math.min(first, stageOf(c.name()));
            }
        }
        boolean trainDense = p.matcher(DENSE).matches();
        net.dense().freezeParameters(!trainDense);
        if (trainDense) {
            trained.add(DENSE);
            first = Math.min(first, Nn4Small2.STAGES.indexOf("dense"));
        }
        if (trained.isEmpty()) {
            throw new IllegalArgumentException("Layer pattern '" + regex + "' matches no layer; names look like"
                    + " conv1, inception_3c_3x3_conv2, inception_5a_1x1_conv, dense");
        }
        return new LayerSelection(regex, trained, first);
    }

    static boolean isRunningStatistic(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
    }

    /** The regex that trains exactly the conv layers whose kernels are listed (tensor names ending in _w). */
    public static String patternForTensors(List<String> tensorNames) {
        List<String> layers = new ArrayList<>();
        for (String t : tensorNames) {
            String layer = t.endsWith("_w") || t.endsWith("_b") ? t.substring(0, t.length() - 2) : t;
            if (layer.equals("dense_layer") || layer.equals("dense")) {
                layer = DENSE;
            }
            if (!layers.contains(layer)) {
                layers.add(layer);
            }
        }
        return String.join("|", layers.stream().map(Pattern::quote).toList());
    }

    /** Index in {@link Nn4Small2#STAGES} of the stage holding conv {@code name}. */
    static int stageOf(String convName) {
        if (convName.startsWith("inception_")) {
            int idx = Nn4Small2.STAGES.indexOf(convName.substring(0, "inception_3a".length()));
            if (idx >= 0) {
                return idx;
            }
        }
        if (convName.matches("conv\\d")) {
            return 0;
        }
        throw new IllegalArgumentException("Layer " + convName + " belongs to no known stage");
    }

    public List<String> trained() { return trained; }

    public String pattern() { return pattern; }

    /** Index into {@link Nn4Small2#STAGES} of the first stage with a trained layer. */
    public int firstTrainedStage() { return firstTrainedStage; }

    /** True when the tensor (e.g. {@code inception_5a_1x1_conv_w}, {@code inception_5a_1x1_bn_v}) belongs to a trained layer. */
    public boolean coversTensor(String tensorName) {
        for (String layer : trained) {
            String bn = layer.replaceFirst("conv(\\d*)$", "bn$1");
            if (tensorName.startsWith(layer + "_") || tensorName.startsWith(bn + "_")
                    || (layer.equals(DENSE) && tensorName.startsWith("dense"))) {
                return true;
            }
        }
        return false;
    }
}
