package org.wsnn.layers.export;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.analysis.DiscoveredGroup;
import org.wsnn.core.group.PermutationGroup;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.layers.check.GridSymmetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Discover, then harden: turns a network with learned weight sharing into the exact group CNN its stacks
 * point to. Every learned {@link WeightSharingConvolution} stack is rounded to its nearest permutations
 * ({@link DiscoveredGroup}); the layer is refused when the rounded set is not a group, or when an element
 * carries less than {@code minimumMass} of its mass on its permutation (it is then far from hard and
 * rounding would change what the network computes). Otherwise the layer becomes the same layer with
 * {@code fixedPermutations} (no {@code "R"}, the base kernels W and bias b copied): a G-CNN layer for the
 * discovered group, trainable as such. All other layers and parameters are copied unchanged; the source
 * network is not modified.
 *
 * <p><b>Check.</b> When the first lifting layer's rounded elements are symmetries of the square grid
 * ({@link GridSymmetry}), those symmetries act on whole images, and a network that ends in pooling over
 * the group and space must then be exactly invariant: the hardened network is run on a seeded random
 * batch and on each transformed copy, and the largest change of its outputs is reported
 * ({@link Result#invarianceError()}). A value above {@code tolerance} means the hardened layers are groups
 * one by one but do not act consistently across layers; that network is refused.
 */
public final class StackHardening {

    /** Default minimum mass of every element on its rounded permutation (the discovery threshold). */
    public static final double DEFAULT_MINIMUM_MASS = 0.9;
    /** Default largest output change under a discovered grid symmetry, for float32 networks. */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    /**
     * One hardened layer.
     *
     * @param layer      the layer's name
     * @param discovered its rounded, closed and named stack
     */
    public record HardenedLayer(String layer, DiscoveredGroup discovered) {
    }

    /**
     * The outcome.
     *
     * @param network         the hardened network
     * @param layers          what each learned layer became
     * @param symmetries      grid symmetries of the input the check used (empty when not applicable)
     * @param invarianceError max |f(s·x) − f(x)| over those symmetries, or NaN when not checked
     */
    public record Result(ComputationGraph network, List<HardenedLayer> layers, List<GridSymmetry> symmetries,
                         double invarianceError) {
        /** Whether the invariance check applied. */
        public boolean checked() {
            return !symmetries.isEmpty();
        }
    }

    private StackHardening() {
    }

    /** {@link #harden(ComputationGraph, double, double)} with the defaults (mass 0.9, tolerance 1e-4). */
    public static Result harden(ComputationGraph source) {
        return harden(source, DEFAULT_MINIMUM_MASS, DEFAULT_TOLERANCE);
    }

    /**
     * Hardens every learned weight-sharing layer.
     *
     * @param source      a trained network (not modified)
     * @param minimumMass least mass trace(Pᵀ R)/d every element must have on its permutation, in (0, 1]
     * @param tolerance   largest output change allowed under a discovered grid symmetry, ≥ 0
     * @throws IllegalArgumentException naming the layer and the reason when a layer cannot be hardened
     */
    public static Result harden(ComputationGraph source, double minimumMass, double tolerance) {
        if (!(minimumMass > 0 && minimumMass <= 1)) {
            throw new IllegalArgumentException("StackHardening: minimumMass expected in (0, 1], found " + minimumMass);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("StackHardening: tolerance expected >= 0, found " + tolerance);
        }
        ComputationGraphConfiguration conf = source.getConfiguration().clone();
        List<HardenedLayer> hardened = new ArrayList<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv) || !(lv.getLayerConf().getLayer()
                    instanceof WeightSharingConvolution ws) || !ws.hasLearnedRepresentations()) {
                continue;
            }
            String name = e.getKey();
            INDArray stack = ws.representationStack(source.getLayer(name).getParam(WeightSharingConvolution.REPRESENTATION_KEY),
                    DataType.DOUBLE);
            DiscoveredGroup found = DiscoveredGroup.of(stack, null, PermutationGroup.DEFAULT_ORDER_LIMIT);
            refuseUnlessGroup(name, found, minimumMass);
            int[][] permutations = new int[found.elements().size()][];
            for (int g = 0; g < permutations.length; g++) {
                permutations[g] = found.elements().get(g).permutation().images();
            }
            ws.useFixedPermutations(permutations);
            ws.getRepresentation().setNormPenalty(0);
            ws.getRepresentation().setEntropyPenalty(0);
            ws.getRepresentation().setRepresentationUpdater(null);
            hardened.add(new HardenedLayer(name, found));
        }
        if (hardened.isEmpty()) {
            throw new IllegalArgumentException("harden: the network has no learned weight-sharing layer (a plain CNN or a "
                    + "fixed-group G-CNN): nothing to harden");
        }
        ComputationGraph out = new ComputationGraph(conf);
        out.init();
        // every parameter the hardened network has (all but the dropped "R") comes from the source by key
        for (org.deeplearning4j.nn.api.Layer layer : source.getLayers()) {
            org.deeplearning4j.nn.api.Layer target = out.getLayer(layer.conf().getLayer().getLayerName());
            for (Map.Entry<String, INDArray> p : target.paramTable().entrySet()) {
                p.getValue().assign(layer.getParam(p.getKey()));
            }
        }
        long[] input = squareInput(conf, hardened.get(0).layer());
        List<GridSymmetry> symmetries = input == null ? List.of() : inputSymmetries(conf, hardened.get(0));
        double error = symmetries.isEmpty() ? Double.NaN : invarianceError(out, input, symmetries);
        if (!symmetries.isEmpty() && !(error <= tolerance)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "harden: every layer's rounded stack is a group,"
                    + " but the hardened network is not invariant under %s (output change %.3g, at most %.3g expected):"
                    + " the layers' groups do not act consistently on each other", symmetries, error, tolerance));
        }
        return new Result(out, hardened, symmetries, error);
    }

    private static void refuseUnlessGroup(String layer, DiscoveredGroup found, double minimumMass) {
        for (DiscoveredGroup.Element e : found.elements()) {
            if (e.mass() < minimumMass) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "harden: layer '%s' element %d is far from a"
                        + " hard permutation (mass %.3f on its nearest permutation, distance %.3f; at least %.3f"
                        + " expected): train longer, or lower --minimum-mass", layer, e.index(), e.mass(), e.distance(),
                        minimumMass));
            }
        }
        if (!found.closed()) {
            throw new IllegalArgumentException("harden: layer '" + layer + "' rounds to " + found.distinct()
                    + " distinct permutations that are not a group (" + (found.closureKnown()
                    ? "their closure has order " + found.closureOrder() : "they generate more than "
                    + found.orderLimit() + " permutations") + "): only a group can be hardened");
        }
    }

    /**
     * The first hardened layer's rounded elements as grid symmetries, when it is a lifting layer and all of
     * them are; else none.
     */
    private static List<GridSymmetry> inputSymmetries(ComputationGraphConfiguration conf, HardenedLayer first) {
        LayerVertex lv = (LayerVertex) conf.getVertices().get(first.layer());
        WeightSharingConvolution ws = (WeightSharingConvolution) lv.getLayerConf().getLayer();
        if (ws.inputGroupSize() != 1) {
            return List.of();
        }
        List<GridSymmetry> out = new ArrayList<>();
        for (DiscoveredGroup.Element e : first.discovered().elements()) {
            Optional<GridSymmetry> s = GridSymmetry.ofTaps(e.permutation(), ws.getKernelSize());
            if (s.isEmpty()) {
                return List.of();
            }
            if (s.get() != GridSymmetry.IDENTITY) {
                out.add(s.get());
            }
        }
        return out;
    }

    /**
     * {channels, side, flat?1:0} of the network's image input when it feeds the lifting layer directly and
     * is square, else null. The sizes are those the lifting layer captured from the input type.
     */
    private static long[] squareInput(ComputationGraphConfiguration conf, String lifting) {
        List<String> inputs = conf.getVertexInputs().get(lifting);
        if (conf.getNetworkInputs().size() != 1 || inputs == null || !inputs.equals(conf.getNetworkInputs())) {
            return null;
        }
        LayerVertex lv = (LayerVertex) conf.getVertices().get(lifting);
        WeightSharingConvolution ws = (WeightSharingConvolution) lv.getLayerConf().getLayer();
        if (ws.getInputHeight() <= 0 || ws.getInputHeight() != ws.getInputWidth()) {
            return null;
        }
        boolean flat = lv.getPreProcessor() instanceof FeedForwardToCnnPreProcessor;
        return new long[]{ws.getNIn(), ws.getInputHeight(), flat ? 1 : 0};
    }

    private static double invarianceError(ComputationGraph net, long[] input, List<GridSymmetry> symmetries) {
        long c = input[0];
        long side = input[1];
        boolean flat = input[2] == 1;
        Nd4j.getRandom().setSeed(20240);
        INDArray images = Nd4j.rand(net.getConfiguration().getDataType(), 4, c, side, side);
        INDArray reference = net.outputSingle(false, shape(images, flat));
        double worst = 0;
        for (GridSymmetry s : symmetries) {
            INDArray moved = net.outputSingle(false, shape(s.apply(images), flat));
            worst = Math.max(worst, moved.sub(reference).amaxNumber().doubleValue());
        }
        return worst;
    }

    private static INDArray shape(INDArray images, boolean flat) {
        return flat ? images.reshape('c', images.size(0), images.length() / images.size(0)) : images;
    }

    /** A JSON-ready description of a result ({@code wsnn harden} writes it beside the model). */
    public static Map<String, Object> describe(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> layers = new ArrayList<>();
        for (HardenedLayer h : r.layers()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("layer", h.layer());
            l.put("discovered", h.discovered().toJson());
            layers.add(l);
        }
        m.put("layers", layers);
        m.put("invarianceChecked", r.checked());
        m.put("symmetries", r.symmetries().stream().map(Enum::name).toList());
        m.put("invarianceError", r.checked() ? r.invarianceError() : null);
        return m;
    }

    /** One line per layer, for a terminal. */
    public static List<String> summary(Result r) {
        List<String> lines = new ArrayList<>();
        for (HardenedLayer h : r.layers()) {
            lines.add(String.format(Locale.ROOT, "%-7s hardened to %s (%d permutations, mass >= %.3f)", h.layer(),
                    h.discovered().name(), h.discovered().distinct(), h.discovered().minimumMass()));
        }
        lines.add(r.checked()
                ? String.format(Locale.ROOT, "invariance under %s of the input: max output change %.2e",
                r.symmetries(), r.invarianceError())
                : "invariance not checked: the lifting layer's permutations are not symmetries of the image grid");
        return lines;
    }
}
