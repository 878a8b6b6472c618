package org.wsnn.examples.bench;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.wsnn.core.analysis.NearestPermutation;
import org.wsnn.core.group.Permutations;
import org.wsnn.data.TransformedImageIterator;
import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.layers.inspect.LayerStacks;
import org.wsnn.layers.inspect.WeightSharingInspector;
import org.wsnn.train.registry.DataChoice;
import org.wsnn.zoo.WSCNN;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * How much the task tells the lifting layer about the rotations, per step (a research tool behind
 * {@code scripts/logit-gradient-probe.sh}, not a command). At a few points of a training run it holds the
 * parameters fixed, computes the task gradient of the lifting logits Θ_g on {@code batches} fresh
 * minibatches, and projects the descent direction −∇Θ_g on the logit direction of a permutation P,
 * D_P = (P − J/d)/‖P − J/d‖ (the double-centred move that raises exactly P's entries; Sinkhorn is blind to
 * everything else). For each element and each of the three C4 rotations it prints the mean projection μ
 * over the batches, its per-batch signal to noise ratio s = μ/σ, and z, the rank of μ among the mean
 * projections on 2,000 random permutations ((μ − their mean)/their standard deviation: a rotation that the
 * task favours stands out at z ≫ 1, one it ignores sits at |z| ≲ 2); then the steepest permutation (the
 * one the mean descent raises most, an exact assignment), its z, and how many of its taps a rotation
 * shares. A second control, 2,000 random permutations that keep every tap at its distance from the
 * centre (as rotations do), separates a pull towards rotations from a pull towards any radius-preserving
 * mixing (isotropic kernels): the rotations' z among those is printed in brackets. T steps move the
 * logits by ∝ T·μ along D_P and by ∝ √T·σ at random, with Adam or SGD alike.
 *
 * <p>Arguments: {@code paper|fast|frozen rotated|plain seed batches step...} ({@code frozen}: the fast
 * recipe with the logits held at their initial values), for example
 * {@code fast rotated 1 200 0 500 2000}.
 */
public final class LogitGradientProbe {

    private static final int CONTROLS = 2000;

    private LogitGradientProbe() {
    }

    public static void main(String[] a) throws Exception {
        if (a.length < 5) {
            System.err.println("usage: LogitGradientProbe paper|fast|frozen rotated|plain seed batches step...");
            System.exit(2);
        }
        // "frozen": the logits keep their initial values (NoOp updater, no decay, no norm penalty) while the
        // rest of the network trains: what would the task tell a stack that has not committed yet?
        boolean frozen = a[0].equals("frozen");
        DiscoveryRecipe recipe = frozen ? DiscoveryRecipe.FAST : DiscoveryRecipe.parse(a[0]);
        DataChoice data = DataChoice.parse(a[1]);
        long seed = Long.parseLong(a[2]);
        int batches = Integer.parseInt(a[3]);
        File dir = new File(System.getProperty("wsnn.data", "/usr/share/datasets/fashion-mnist"));
        WSCNN.WSCNNBuilder builder = WSCNN.builder().channels(16).recipe(recipe).seed(seed);
        if (frozen) {
            builder.representationUpdater(new NoOp());
        }
        ComputationGraph net = new ComputationGraph(builder.build().conf());
        net.init();
        TransformedImageIterator train = data.iterator(dir, true, -1, 64, seed);
        TransformedImageIterator probe = data.iterator(dir, true, -1, 64, seed + 1000);
        LayerStacks lift = WeightSharingInspector.inspect(net).get(0);
        String gradientKey = lift.layerName() + "_" + WeightSharingConvolution.REPRESENTATION_KEY;
        int d = (int) lift.representationStack().size(1);
        int k = (int) Math.round(Math.sqrt(d));
        List<INDArray> rotations = directions(Permutations.c4GridRotations(k), 1);
        List<NearestPermutation> rotationPermutations =
                NearestPermutation.ofStack(Permutations.c4GridRotations(k)).subList(1, 4);
        List<INDArray> controls = directions(randomPermutations(d, CONTROLS, seed, null), 0);
        List<INDArray> shellControls = directions(randomPermutations(d, CONTROLS, seed + 1, shells(k)), 0);
        int step = 0;
        for (int i = 4; i < a.length; i++) {
            int target = Integer.parseInt(a[i]);
            for (; step < target; step++) {
                net.fit(next(train));
            }
            List<INDArray> gradients = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                DataSet batch = next(probe);
                net.setInput(0, batch.getFeatures());
                net.setLabel(0, batch.getLabels());
                net.computeGradientAndScore();
                gradients.add(net.gradient().gradientForVariable().get(gradientKey).castTo(DataType.DOUBLE).neg());
            }
            report(step, gradients, rotations, rotationPermutations, controls, shellControls);
        }
    }

    private static DataSet next(TransformedImageIterator it) {
        if (!it.hasNext()) {
            it.reset();
        }
        return it.next();
    }

    private static void report(int step, List<INDArray> gradients, List<INDArray> rotations,
                               List<NearestPermutation> rotationPermutations, List<INDArray> controls,
                               List<INDArray> shellControls) {
        int elements = (int) gradients.get(0).size(0);
        INDArray mean = Nd4j.zeros(DataType.DOUBLE, gradients.get(0).shape());
        for (INDArray g : gradients) {
            mean.addi(g);
        }
        mean.divi(gradients.size());
        double noise = 0;
        for (INDArray g : gradients) {
            double n = g.sub(mean).norm2Number().doubleValue();
            noise += n * n;
        }
        noise = Math.sqrt(noise / (gradients.size() - 1));
        System.out.printf("step %d: |mean descent| %.3g, per-batch noise %.3g (whole logit tensor)%n", step,
                mean.norm2Number().doubleValue(), noise);
        for (int e = 0; e < elements; e++) {
            INDArray m = mean.slice(e);
            double[] all = meanAndSd(m, controls);
            double controlMean = all[0];
            double controlSd = all[1];
            double[] shell = meanAndSd(m, shellControls);
            StringBuilder line = new StringBuilder(String.format("  element %d:", e + 1));
            for (int r = 0; r < rotations.size(); r++) {
                double[] s = projection(gradients, e, rotations.get(r));
                line.append(String.format(" rot%d mu %.2e s %.3f z %.2f (%.2f among shell-preserving);", r + 1, s[0], s[2],
                        (s[0] - controlMean) / controlSd, (s[0] - shell[0]) / shell[1]));
            }
            NearestPermutation steepest = NearestPermutation.of(m);
            int d = (int) m.size(0);
            double steepestProjection = (steepest.score() - m.sumNumber().doubleValue() / d) / Math.sqrt(d - 1);
            int bestTaps = RecipeProbe.bestAgreement(steepest.permutation(), rotationPermutations)[0];
            line.append(String.format(" shell-preserving permutations: mean z %.2f;", (shell[0] - controlMean) / controlSd));
            line.append(String.format(" steepest permutation mu %.2e z %.2f (%d/%d taps on a rotation)", steepestProjection,
                    (steepestProjection - controlMean) / controlSd, bestTaps, d));
            System.out.println(line);
        }
    }

    /** Mean, standard deviation and their ratio of ⟨−∇Θ_e, D⟩ over the batches. */
    private static double[] projection(List<INDArray> gradients, int element, INDArray direction) {
        double[] v = new double[gradients.size()];
        for (int b = 0; b < v.length; b++) {
            v[b] = gradients.get(b).slice(element).mul(direction).sumNumber().doubleValue();
        }
        double[] ms = meanAndSd(v);
        return new double[]{ms[0], ms[1], ms[0] / ms[1]};
    }

    /** Mean and standard deviation of ⟨m, D⟩ over the directions D. */
    private static double[] meanAndSd(INDArray m, List<INDArray> directions) {
        double[] v = new double[directions.size()];
        for (int c = 0; c < v.length; c++) {
            v[c] = m.mul(directions.get(c)).sumNumber().doubleValue();
        }
        return meanAndSd(v);
    }

    /** Mean and (sample) standard deviation. */
    private static double[] meanAndSd(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean) / (v.length - 1);
        }
        return new double[]{mean, Math.sqrt(var)};
    }

    /** Unit double-centred logit directions (P − J/d)/‖P − J/d‖ of a stack's elements from {@code from} on. */
    private static List<INDArray> directions(INDArray stack, int from) {
        List<INDArray> out = new ArrayList<>();
        for (int i = from; i < stack.size(0); i++) {
            INDArray p = stack.slice(i).castTo(DataType.DOUBLE);
            INDArray dir = p.sub(1.0 / p.size(0));
            out.add(dir.divi(dir.norm2Number()));
        }
        return out;
    }

    /**
     * The "shell" of every tap of a k×k grid (k odd): its squared distance from the centre. The C4 rotations
     * (and every symmetry of the grid) map each tap into its own shell; so do many other permutations.
     */
    private static int[] shells(int k) {
        int[] shell = new int[k * k];
        int c = k / 2;
        for (int i = 0; i < k * k; i++) {
            int r = i / k - c;
            int q = i % k - c;
            shell[i] = r * r + q * q;
        }
        return shell;
    }

    /**
     * Random permutations of 0..d−1, uniformly among all of them (shell null) or among those that map every
     * index into its own shell (the same value of {@code shell}).
     */
    private static INDArray randomPermutations(int d, int count, long seed, int[] shell) {
        Random random = new Random(seed * 7919 + 17);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, count, d, d);
        for (int c = 0; c < count; c++) {
            int[] images = new int[d];
            Map<Integer, List<Integer>> groups = new TreeMap<>();
            for (int i = 0; i < d; i++) {
                groups.computeIfAbsent(shell == null ? 0 : shell[i], x -> new ArrayList<>()).add(i);
            }
            for (List<Integer> members : groups.values()) {
                List<Integer> shuffled = new ArrayList<>(members);
                Collections.shuffle(shuffled, random);
                for (int j = 0; j < members.size(); j++) {
                    images[members.get(j)] = shuffled.get(j);
                }
            }
            for (int i = 0; i < d; i++) {
                out.putScalar(new int[]{c, i, images[i]}, 1.0);
            }
        }
        return out;
    }
}
