package org.wsnn.examples.bench;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.analysis.DiscoveredGroup;
import org.wsnn.core.analysis.NearestPermutation;
import org.wsnn.core.analysis.StackMatch;
import org.wsnn.core.group.Permutations;
import org.wsnn.data.TransformedImageIterator;
import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.layers.FixedGroup;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.layers.WeightSharingLifting;
import org.wsnn.train.registry.DataChoice;
import org.wsnn.layers.inspect.LayerStacks;
import org.wsnn.layers.inspect.WeightSharingInspector;
import org.wsnn.zoo.WSCNN;

import java.io.File;
import java.util.Arrays;
import java.util.List;

/**
 * A probe of training recipes for symmetry discovery on real images (a research tool behind
 * {@code scripts/recipe-probe.sh}, not a command): trains a 16-channel WSCNN on transformed Fashion-MNIST at
 * batch 64 with the given representation settings and prints, every 100 steps, how close the lifting
 * layer's learned elements are to the C4 rotations (the convex fit of {@link StackMatch}, and the elements rounded to their nearest permutations), then
 * the test accuracy on 2,000 images.
 *
 * <p>Arguments: {@code paper|fast steps seed data} (a {@link DiscoveryRecipe} as the zoo builds it), or a
 * variant {@code logitScale representationLr decayLogits normPenalty entropyPenalty steps seed data
 * [entropyWarmup]}; the paper's recipe is {@code 1 0.01 true 0.1 0 ...}, the fast one {@code 1 0.05 false 0 0 ...}.
 * With {@code -Dwsnn.probe.fixGroupLayers=true} the group layers get the exact C4 shift-twist and only the
 * lifting layer learns: a diagnostic of where discovery stalls, not a recipe (it encodes the group).
 */
public final class RecipeProbe {

    private RecipeProbe() {
    }

    public static void main(String[] a) throws Exception {
        if (a.length == 4) {
            DiscoveryRecipe recipe = DiscoveryRecipe.parse(a[0]);
            probe(WSCNN.builder().channels(16).recipe(recipe), 1.0, 0, Integer.parseInt(a[1]), Long.parseLong(a[2]),
                    DataChoice.parse(a[3]));
            return;
        }
        if (a.length < 8) {
            System.err.println("usage: RecipeProbe paper|fast steps seed data, or RecipeProbe logitScale representationLr"
                    + " decayLogits normPenalty entropyPenalty steps seed data [entropyWarmup]");
            System.exit(2);
        }
        double scale = Double.parseDouble(a[0]);
        double lrR = Double.parseDouble(a[1]);
        boolean decayR = Boolean.parseBoolean(a[2]);
        double norm = Double.parseDouble(a[3]);
        double ent = Double.parseDouble(a[4]);
        int steps = Integer.parseInt(a[5]);
        long seed = Long.parseLong(a[6]);
        DataChoice data = DataChoice.parse(a[7]);
        int entWarm = a.length > 8 ? Integer.parseInt(a[8]) : 0;
        probe(WSCNN.builder().channels(16).representationUpdater(new Adam(lrR)).normPenalty(norm).entropyPenalty(ent)
                        .recipe(decayR ? DiscoveryRecipe.PAPER : DiscoveryRecipe.FAST), scale, entWarm, steps, seed, data);
    }

    private static void probe(WSCNN.WSCNNBuilder model, double scale, int entWarm, int steps, long seed,
                              DataChoice data) throws Exception {
        File dir = new File(System.getProperty("wsnn.data", "/usr/share/datasets/fashion-mnist"));
        ComputationGraphConfiguration conf = model.seed(seed).build().conf();
        boolean fixGroupLayers = Boolean.getBoolean("wsnn.probe.fixGroupLayers");
        for (var v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof WeightSharingConvolution ws) {
                ws.getRepresentation().setLogitScale(scale);
                ws.getRepresentation().setEntropyWarmup(entWarm);
                if (fixGroupLayers && !(ws instanceof WeightSharingLifting)) {
                    // a diagnostic, not a recipe: the group layers get the exact C4 shift-twist, the lifting
                    // layer alone learns (does it find C4 once what follows it is equivariant?)
                    ws.getRepresentation().setFixedGroup(FixedGroup.C4);
                }
            }
        }
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        TransformedImageIterator it = data.iterator(dir, true, -1, 64, seed);
        // the lifting elements rounded at initialisation: does training move them, or harden its random start?
        DiscoveredGroup initial = DiscoveredGroup.of(WeightSharingInspector.inspect(net).get(0).representationStack(),
                null, 200);
        long start = System.nanoTime();
        for (int s = 1; s <= steps; s++) {
            if (!it.hasNext()) {
                it.reset();
            }
            net.fit(it.next());
            if (s % 100 == 0 || s == steps) {
                LayerStacks lift = WeightSharingInspector.inspect(net).get(0);
                INDArray stack = lift.representationStack();
                int k = (int) lift.kernelStack().size(3);
                StackMatch m = StackMatch.of(stack, Permutations.c4GridRotations(k));
                DiscoveredGroup found = DiscoveredGroup.of(stack, null, 200);
                System.out.printf("step %d %.0fs score %.3f lift C4 matched %d/%d mean %.3f best %s coefficients %s"
                                + " | rounded: taps on nearest rotation %s, taps as rounded at step 0 %s, %s%n",
                        s, (System.nanoTime() - start) / 1e9, net.score(), m.matched(), m.elements(),
                        m.meanCoefficient(), Arrays.toString(m.best()), Arrays.toString(Arrays.stream(m.coefficient())
                                .map(c -> Math.round(c * 1000) / 1000.0).toArray()),
                        roundedAgreement(found, k), initialAgreement(found, initial), found.summaryLine());
            }
        }
        Evaluation e = net.evaluate(data.iterator(dir, false, 2000, 200, seed));
        System.out.printf("test accuracy %.4f%n", e.accuracy());
    }

    /** For each element: on how many taps its rounded permutation is the one it rounded to at initialisation. */
    private static String initialAgreement(DiscoveredGroup found, DiscoveredGroup initial) {
        StringBuilder out = new StringBuilder("[");
        for (int e = 0; e < found.elements().size(); e++) {
            int[] now = found.elements().get(e).permutation().images();
            out.append(e > 0 ? ", " : "").append(agreeingTaps(now, initial.elements().get(e).permutation().images()))
                    .append('/').append(now.length);
        }
        return out.append(']').toString();
    }

    /**
     * For each element of the lifting stack, rounded to its nearest permutation: how many of the k² taps
     * that permutation maps as its closest C4 rotation does, written "taps/k²@rotation".
     */
    private static String roundedAgreement(DiscoveredGroup found, int k) {
        List<NearestPermutation> rotations = NearestPermutation.ofStack(Permutations.c4GridRotations(k));
        StringBuilder out = new StringBuilder("[");
        for (DiscoveredGroup.Element el : found.elements()) {
            int[] p = el.permutation().images();
            int[] best = bestAgreement(p, rotations);
            out.append(out.length() > 1 ? ", " : "").append(best[0]).append('/').append(p.length).append('@').append(best[1]);
        }
        return out.append(']').toString();
    }

    /**
     * The candidate a permutation agrees with on the most taps (the first on a tie).
     *
     * @return {taps, index of that candidate}
     */
    static int[] bestAgreement(int[] permutation, List<NearestPermutation> candidates) {
        int best = -1;
        int bestTaps = -1;
        for (int r = 0; r < candidates.size(); r++) {
            int taps = agreeingTaps(permutation, candidates.get(r).permutation());
            if (taps > bestTaps) {
                bestTaps = taps;
                best = r;
            }
        }
        return new int[]{bestTaps, best};
    }

    /** Number of indices i with a[i] == b[i]. */
    private static int agreeingTaps(int[] a, int[] b) {
        int taps = 0;
        for (int i = 0; i < a.length; i++) {
            taps += a[i] == b[i] ? 1 : 0;
        }
        return taps;
    }
}
