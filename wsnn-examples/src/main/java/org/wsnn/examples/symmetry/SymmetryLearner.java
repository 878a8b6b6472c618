package org.wsnn.examples.symmetry;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.sinkhorn.Sinkhorn;
import org.wsnn.layers.training.DivergenceGuard;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.wsnn.core.Checks;
import org.wsnn.core.analysis.ConvexFit;
import org.wsnn.core.analysis.DiscoveredGroup;
import org.wsnn.core.analysis.StackMatch;
import org.wsnn.core.group.PermutationGroup;
import org.wsnn.data.IdxDataset;
import org.wsnn.data.IdxReader;
import org.wsnn.data.synthetic.SymmetryDataset;
import org.wsnn.layers.WeightSharingDense;
import org.wsnn.layers.penalty.ScoreBreakdown;

import java.io.File;
import java.io.IOException;

/**
 * Learns the symmetry of a {@link SymmetryTask}: one {@link WeightSharingDense} layer whose nOut = B base
 * vectors (one per canonical signal) share a single stack of G = (number of true elements) doubly
 * stochastic matrices, followed by a softmax over its B·G outputs. Output o·G + g is the score of class
 * (signal o, element g), which is exactly the equivariant label b·G + g of the data, so the only way to fit
 * the labels is R_g · W_o ≈ P_g · s_o: the stack is pushed towards the true permutations, and a small
 * entropy penalty makes it crisp. There is no extra dense layer that could absorb the symmetry.
 *
 * <p>Training is full-batch Adam on all samples (they are few and small); the learned stack (identity
 * included) is then scored with {@link ConvexFit} against the data's ground truth and summarised with
 * {@link StackMatch}.
 *
 * <p><b>Support.</b> The 2D patterns are zero outside the inscribed disk (29 of 49 pixels), so the data
 * says nothing about how R_g maps the corner pixels: any permutation there fits the data equally well.
 * The score is therefore computed on the rows and columns of the support (all coordinates for the 1D
 * and voxel tasks); the whole-matrix score is reported beside it ({@link Result#fullMatch()}).
 */
public final class SymmetryLearner {

    /** Default norm-penalty coefficient (the paper's 0.1). */
    public static final double DEFAULT_NORM_PENALTY = 0.1;
    /** Default entropy-penalty coefficient: small, enough to make the stack crisp (the oracle's 0.003). */
    public static final double DEFAULT_ENTROPY_PENALTY = 0.003;

    private static final String OWNER = "SymmetryLearner";

    /**
     * What to train.
     *
     * @param task           the task
     * @param seed           seed of the data and of the network's initialisation
     * @param steps          full-batch Adam steps, ≥ 1
     * @param learningRate   Adam learning rate, &gt; 0
     * @param normPenalty    λ_norm ≥ 0
     * @param entropyPenalty λ_ent ≥ 0
     * @param weightL2       λ_W ≥ 0: L2 penalty ½·λ_W·‖W‖² on the base vectors only (the logits are not
     *                       decayed). Without it the cross-entropy keeps falling by growing ‖W‖ once the argmax
     *                       is right, and the stack can lock into a wrong permutation: on 6 of 10 seeds of
     *                       {@code shift-1d} every element became the right shift composed with one transposition
     *                       of two taps (nearest permutation per row right, coefficient 0.71–0.81)
     * @param entropyWarmup  iterations over which λ_ent ramps up linearly from 0 (the defaults: all steps);
     *                       at full strength from the first step the entropy penalty locked voxel-task
     *                       elements into hard permutations wrong on two voxels
     * @param imagePatches   folder of MNIST-format training images ({@code train-images-idx3-ubyte[.gz]}) to cut
     *                       the canonical signals from ({@link org.wsnn.data.synthetic.ImagePatches}), or
     *                       {@code null} for the task's Gaussian signals; 2-D tasks only
     */
    public record Settings(SymmetryTask task, long seed, int steps, double learningRate, double normPenalty,
                           double entropyPenalty, double weightL2, int entropyWarmup, File imagePatches) {

        /** Validates every field. */
        public Settings {
            Checks.notNull(OWNER, "task", task);
            Checks.positive(OWNER, "steps", steps);
            Checks.strictlyPositive(OWNER, "learningRate", learningRate);
            Checks.nonNegative(OWNER, "normPenalty", normPenalty);
            Checks.nonNegative(OWNER, "entropyPenalty", entropyPenalty);
            Checks.nonNegative(OWNER, "weightL2", weightL2);
            Checks.nonNegative(OWNER, "entropyWarmup", entropyWarmup);
            if (imagePatches != null && !task.takesImagePatches()) {
                throw new IllegalArgumentException(OWNER + ": imagePatches expected a 2-D task (rotation-2d-c4, "
                        + "rotation-2d-c8), found " + task.cliName());
            }
        }

        /** The same settings with canonical signals cut from the training images in {@code dir}. */
        public Settings withImagePatches(File dir) {
            return new Settings(task, seed, steps, learningRate, normPenalty, entropyPenalty, weightL2, entropyWarmup,
                    dir);
        }

        /**
         * The defaults for a task: its own step count, learning rate and λ_W ({@link SymmetryTask#defaultWeightL2()}),
         * penalties 0.1 and 0.003, the entropy penalty ramped up over all steps.
         */
        public static Settings defaults(SymmetryTask task, long seed) {
            return new Settings(task, seed, task.defaultSteps(), task.defaultLearningRate(), DEFAULT_NORM_PENALTY,
                    DEFAULT_ENTROPY_PENALTY, task.defaultWeightL2(), task.defaultSteps(), null);
        }
    }

    /** Receives the training progress. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param step  steps done so far (1-based)
         * @param score loss of the last step, penalties included
         */
        void step(int step, double score);
    }

    /**
     * Outcome of a run.
     *
     * @param settings      what was trained
     * @param dataset       the data (with its ground truth)
     * @param learned       learned stack {@code [G, d, d]} (float64, identity included)
     * @param truth         ground-truth stack {@code [G, d, d]} (float64)
     * @param support       indices of the informative coordinates (the signal support)
     * @param fit           convex fit of every learned element against the truth, on the support
     * @param match         its summary
     * @param fullMatch     summary of the fit on the whole d×d matrices
     * @param discovered    what the learned stack is without the ground truth: rounded, closed and named on
     *                      the support
     * @param finalScore    loss of the last step (penalties included)
     * @param finalParts    that score split into task loss, norm, entropy and weight decay
     * @param accuracy      training accuracy over the B·G classes
     * @param trainSeconds  wall time of network creation and training
     */
    public record Result(Settings settings, SymmetryDataset dataset, INDArray learned, INDArray truth,
                         int[] support, ConvexFit.Result fit, StackMatch match, StackMatch fullMatch,
                         DiscoveredGroup discovered, double finalScore, ScoreBreakdown finalParts, double accuracy,
                         double trainSeconds) {

        /** Max |row or column sum − 1| of the learned stack after the layer's Sinkhorn iterations. */
        public double sinkhornResidual() {
            return Sinkhorn.residual(learned);
        }
    }

    private SymmetryLearner() {
    }

    /** The network for a data set: {@link WeightSharingDense} (nOut = B, G = true elements) + softmax loss. */
    public static MultiLayerNetwork network(SymmetryDataset data, Settings settings) {
        int d = data.group().dimension();
        int g = data.group().size();
        int signals = data.numClasses() / g;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(settings.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(settings.learningRate()))
                .list()
                .layer(new WeightSharingDense.Builder().name("symmetry").nIn(d).nOut(signals).groupSize(g)
                        .normPenalty(settings.normPenalty()).entropyPenalty(settings.entropyPenalty())
                        .entropyWarmup(settings.entropyWarmup())
                        .l2(settings.weightL2()).regularizeRepresentations(false).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(d))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Generates the task's data, trains, and scores the learned stack.
     *
     * @param settings what to train
     * @param progress called after every step (may be null)
     * @throws IOException when the image-patch folder or its images file cannot be read
     */
    public static Result learn(Settings settings, Progress progress) throws IOException {
        SymmetryDataset data = settings.task().dataset(settings.seed(), settings.imagePatches() == null ? null
                : IdxReader.readImages(IdxDataset.locateIn(settings.imagePatches(), true, "")[0]));
        long start = System.nanoTime();
        Nd4j.getRandom().setSeed(settings.seed());
        MultiLayerNetwork net = network(data, settings);
        net.addListeners(new DivergenceGuard());
        INDArray x = data.features(false);
        INDArray y = data.labels();
        for (int step = 1; step <= settings.steps(); step++) {
            net.fit(x, y);
            if (progress != null) {
                progress.step(step, net.score());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        WeightSharingDense layer = (WeightSharingDense) net.getLayerWiseConfigurations().getConf(0).getLayer();
        INDArray learned = layer.representationStack(net.getLayer(0).getParam(WeightSharingDense.REPRESENTATION_KEY),
                DataType.DOUBLE);
        INDArray truth = data.groundTruth().castTo(DataType.DOUBLE);
        int[] support = supportIndices(data.group().support());
        ConvexFit.Result fit = ConvexFit.fit(restrict(learned, support), restrict(truth, support));
        StackMatch fullMatch = support.length == data.group().dimension() ? StackMatch.of(fit)
                : StackMatch.of(learned, truth);
        ScoreBreakdown parts = ScoreBreakdown.of(net, net.score(new org.nd4j.linalg.dataset.DataSet(x, y), false));
        double accuracy = accuracy(net.output(x, false), y);
        DiscoveredGroup discovered = DiscoveredGroup.of(learned,
                support.length == data.group().dimension() ? null : support, PermutationGroup.DEFAULT_ORDER_LIMIT);
        return new Result(settings, data, learned, truth, support, fit, StackMatch.of(fit), fullMatch, discovered,
                net.score(), parts, accuracy, seconds);
    }

    private static int[] supportIndices(boolean[] support) {
        return java.util.stream.IntStream.range(0, support.length).filter(i -> support[i]).toArray();
    }

    /** The sub-matrices {@code [G, s, s]} on the given rows and columns. */
    static INDArray restrict(INDArray stack, int[] indices) {
        if (indices.length == stack.size(1)) {
            return stack;
        }
        long[] idx = java.util.Arrays.stream(indices).mapToLong(i -> i).toArray();
        return stack.get(NDArrayIndex.all(), NDArrayIndex.indices(idx), NDArrayIndex.indices(idx)).dup();
    }

    private static double accuracy(INDArray output, INDArray labels) {
        INDArray predicted = Nd4j.argMax(output, 1);
        INDArray actual = Nd4j.argMax(labels, 1);
        return predicted.eq(actual).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }
}
