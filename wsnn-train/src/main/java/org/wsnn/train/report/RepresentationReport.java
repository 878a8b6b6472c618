package org.wsnn.train.report;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.analysis.ConvexFit;
import org.wsnn.core.analysis.DiscoveredGroup;
import org.wsnn.core.analysis.StackMatch;
import org.wsnn.core.group.Permutations;
import org.wsnn.layers.inspect.LayerStacks;
import org.wsnn.layers.inspect.WeightSharingInspector;
import org.wsnn.train.checkpoint.AtomicFiles;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the weight-sharing layers of a network learned, scored as in the paper: every element of a
 * layer's stack (identity included) is fitted as a convex combination of ground-truth permutations
 * ({@link ConvexFit}) and summarised by {@link StackMatch}.
 *
 * <p>Ground truths: for a lifting layer (d = k²) the C4 rotations of the k×k taps
 * ({@link Permutations#c4GridRotations}) and, optionally, the horizontal flips
 * ({@link Permutations#horizontalFlips}); for a group layer with G = 4 (d = 4k²) the C4 shift-twist
 * ({@link Permutations#c4ShiftTwist}). Flips are not defined on a group layer's (input group × taps) index
 * for G = 4, so that fit is reported as not applicable.
 *
 * <p>Beside the fits, which need a reference, every layer's stack is also rounded, closed and named
 * without one ({@link DiscoveredGroup}): that is what a user learns about data whose symmetry is unknown.
 */
public final class RepresentationReport {

    /**
     * A Sinkhorn residual (max |row or column sum − 1|) above this is reported as a warning by the commands
     * that show learned stacks: below it the stack still reads as the soft permutation it is meant to be.
     */
    public static final double SINKHORN_WARNING = 0.05;

    /** The reference groups. */
    public enum Truth {
        /** C4 rotations (lifting) or the C4 shift-twist (group layers). */
        C4("C4 rotations"),
        /** Identity and the horizontal mirror (lifting layers only). */
        FLIPS("horizontal flips");

        private final String description;

        Truth(String description) {
            this.description = description;
        }

        /** @return a human-readable name */
        public String description() {
            return description;
        }
    }

    /**
     * The fit of one layer against one truth.
     *
     * @param truth      the reference group
     * @param truthName  what exactly was used (e.g. "C4 shift-twist")
     * @param fit        the convex fit
     * @param match      its summary
     */
    public record Fit(Truth truth, String truthName, ConvexFit.Result fit, StackMatch match) {
    }

    /**
     * One weight-sharing layer.
     *
     * @param stacks     what the inspector read
     * @param kernelSize k
     * @param lifting    whether the stack acts on taps only (d = k²)
     * @param fits       the fits that apply
     * @param discovered the stack rounded, closed and named without any reference ({@link DiscoveredGroup})
     */
    public record Layer(LayerStacks stacks, int kernelSize, boolean lifting, List<Fit> fits,
                        DiscoveredGroup discovered) {

        /** @return G */
        public int groupSize() {
            return (int) stacks.representationStack().size(0);
        }

        /** @return d */
        public int dimension() {
            return (int) stacks.representationStack().size(1);
        }

        /** @return the fit against a truth, or null when it does not apply */
        public Fit fit(Truth truth) {
            return fits.stream().filter(f -> f.truth() == truth).findFirst().orElse(null);
        }
    }

    private final List<Layer> layers;

    private RepresentationReport(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /**
     * Inspects every weight-sharing layer of a network.
     *
     * @param net    the network
     * @param truths the reference groups to fit against
     */
    public static RepresentationReport of(ComputationGraph net, Truth... truths) {
        List<Layer> layers = new ArrayList<>();
        for (LayerStacks s : WeightSharingInspector.inspect(net)) {
            INDArray stack = s.representationStack();
            int k = (int) s.kernelStack().size(3);
            int g = (int) stack.size(0);
            long d = stack.size(1);
            boolean lifting = d == (long) k * k;
            List<Fit> fits = new ArrayList<>();
            for (Truth t : truths) {
                INDArray truth = null;
                String name = null;
                if (t == Truth.C4 && lifting) {
                    truth = Permutations.c4GridRotations(k);
                    name = "C4 rotations";
                } else if (t == Truth.C4 && g == 4 && d == 4L * k * k) {
                    truth = Permutations.c4ShiftTwist(k);
                    name = "C4 shift-twist";
                } else if (t == Truth.FLIPS && lifting) {
                    truth = Permutations.horizontalFlips(k);
                    name = "horizontal flips";
                }
                if (truth != null) {
                    ConvexFit.Result fit = ConvexFit.fit(stack, truth);
                    fits.add(new Fit(t, name, fit, StackMatch.of(fit)));
                }
            }
            layers.add(new Layer(s, k, lifting, fits, DiscoveredGroup.of(stack)));
        }
        return new RepresentationReport(layers);
    }

    /** @return the weight-sharing layers, in topological order */
    public List<Layer> layers() {
        return layers;
    }

    /** @return the layers with learned stacks */
    public List<Layer> learnedLayers() {
        return layers.stream().filter(l -> l.stacks().learned()).toList();
    }

    /** Prints one line per layer and truth. */
    public void print(PrintWriter o) {
        if (layers.isEmpty()) {
            o.println("no weight-sharing layers (plain CNN)");
            return;
        }
        o.println("layer   stack    G  d    fit against        matched  mean coef  learned element -> best true (coefficient)");
        for (Layer l : layers) {
            String kind = l.stacks().learned() ? "learned" : "fixed";
            if (l.fits().isEmpty()) {
                o.printf("%-7s %-7s %2d %4d  %-17s%n", l.stacks().layerName(), kind, l.groupSize(), l.dimension(),
                        "(no reference)");
            }
            for (Fit f : l.fits()) {
                StackMatch m = f.match();
                StringBuilder best = new StringBuilder();
                for (int i = 0; i < m.elements(); i++) {
                    best.append(String.format("%s%d->%d (%.2f)", i == 0 ? "" : ", ", i, m.best()[i], m.coefficient()[i]));
                }
                o.printf("%-7s %-7s %2d %4d  %-17s  %3d/%-3d  %9.3f  %s%n", l.stacks().layerName(), kind, l.groupSize(),
                        l.dimension(), f.truthName(), m.matched(), m.elements(), m.meanCoefficient(), best);
            }
        }
        for (Layer l : learnedLayers()) {
            o.printf("%-7s %s%n", l.stacks().layerName(), l.discovered().summaryLine());
        }
        o.flush();
    }

    /** The report as JSON-ready maps (one per layer). */
    public List<Map<String, Object>> toJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Layer l : layers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", l.stacks().layerName());
            m.put("learned", l.stacks().learned());
            m.put("kind", l.lifting() ? "lifting" : "group");
            m.put("groupSize", l.groupSize());
            m.put("dimension", l.dimension());
            m.put("kernelSize", l.kernelSize());
            Map<String, Object> fits = new LinkedHashMap<>();
            for (Fit f : l.fits()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("truth", f.truthName());
                fm.put("elements", f.match().elements());
                fm.put("matched", f.match().matched());
                fm.put("meanCoefficient", f.match().meanCoefficient());
                fm.put("threshold", f.match().threshold());
                fm.put("best", f.match().best());
                fm.put("coefficient", f.match().coefficient());
                fm.put("coefficients", f.fit().coefficients());
                fm.put("relativeResiduals", f.fit().relativeResiduals());
                fits.put(f.truth().name().toLowerCase(java.util.Locale.ROOT), fm);
            }
            m.put("fits", fits);
            m.put("discovered", l.discovered().toJson());
            out.add(m);
        }
        return out;
    }

    /** Writes the report as JSON. */
    public void writeJson(File file, Map<String, Object> header) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>(header);
        root.put("layers", toJson());
        AtomicFiles.writeJson(file.toPath(), root);
    }
}
