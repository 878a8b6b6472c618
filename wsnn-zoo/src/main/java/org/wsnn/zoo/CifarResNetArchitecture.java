package org.wsnn.zoo;

import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.layers.Sharing;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.wsnn.core.Checks;
import org.wsnn.layers.GroupBatchNorm;
import org.wsnn.layers.GroupLayerNorm;

/**
 * The paper's CIFAR-10 ResNet (method.md), on group feature maps {@code [B, C, G, H, W]} (G = 1 for the plain
 * ResNet):
 * <pre>
 *   lift    lifting conv k×k "same" (3 → C) → BatchNorm → ReLU                        32×32
 *   block1  conv k×k C→C → LN → ReLU → conv k×k C→C → LN → ReLU; + x (identity);
 *           BatchNorm → 2×2 max-pool → ReLU                                             16×16
 *   block2  conv k×k C→2C → LN → ReLU → conv k×k 2C→2C → LN → ReLU; + 1×1 conv C→2C (x);
 *           BatchNorm → 2×2 max-pool → ReLU                                             8×8
 *   head    mean over (G, H, W) → dense 2C→256 (no bias) → BatchNorm → ReLU → Dropout 0.3 → dense 256→10, softmax
 * </pre>
 * LN is layer norm over (C, G, H, W) without affine parameters; BatchNorm ({@link GroupBatchNorm}) has γ and β
 * per channel, shared over the group axis and space (PyTorch's {@code BatchNorm3d} on {@code [B, C, G, H, W]});
 * its running statistics are buffers, not parameters. The 1×1 shortcut acts over channels only, the same for
 * every group element (a {@code Convolution3D} with kernel 1×1×1, with bias), and has no representation.
 * All convolutions have a bias. The max-pool is spatial only (kernel and stride 1×2×2).
 *
 * <p><b>Kernel size.</b> The parameter counts fix it: the group convolutions in the blocks are 7×7, like the
 * lifting layer (k = 3 gives 100,426 for the CNN-32, not 428,170). With k = 7 everywhere, G the group size
 * (1 for the CNN) and C the channels, the weights are
 * <pre>
 *   lifting      3·49·C + C                                      (weights + bias)
 *   BatchNorm    2C
 *   block1       2·(49·G·C² + C)                                 (two group convs C→C)
 *   BatchNorm    2C
 *   block2       (49·G·2C² + 2C) + (49·G·4C² + 2C) + (2C² + 2C)  (C→2C, 2C→2C, 1×1 shortcut)
 *   BatchNorm    4C
 *   head         2C·256 + 2·256 + (256·10 + 10)                  (dense, BatchNorm, output)
 *   total        (392·G + 2)·C² + 676·C + 3,082
 * </pre>
 * CNN (G = 1): 394·C² + 676·C + 3,082 = <b>428,170</b> (C = 32), <b>1,660,170</b> (64), <b>6,544,906</b> (128).
 * G = 4: 1,570·C² + 676·C + 3,082 = 1,607,680 + 21,632 + 3,082 = <b>1,632,394</b> at C = 32, for both the
 * WSResNet and the C4 GResNet (the paper's "1.63 M": C = 32 is the channel count that gives it; C = 31 gives
 * 1,532,000 and C = 33 gives 1,734,120).
 *
 * <p>Representation logits (WSResNet, fixed identity: G − 1 = 3 learned matrices of d×d per layer): lifting
 * d = k² = 49 → 3·49² = 7,203; each of the four group convs d = G·k² = 196 → 3·196² = 115,248; total
 * 7,203 + 4·115,248 = <b>468,195</b>. The GResNet's C4 representations are fixed permutations (no logits).
 *
 * <p>Layer names: {@code lift}, {@code bn0}, {@code relu0}; per block b ∈ {1, 2}: {@code b<b>conv1},
 * {@code b<b>norm1}, {@code b<b>conv2}, {@code b<b>norm2}, {@code b<b>shortcut} (block 2 only),
 * {@code b<b>add}, {@code b<b>bn}, {@code b<b>pool}, {@code b<b>relu}; then {@code gap}, {@code fc},
 * {@code fcbn}, {@code fcrelu}, {@code dropout}, {@code out}.
 */
public final class CifarResNetArchitecture {

    /**
     * Everything that defines one CIFAR-10 ResNet.
     *
     * @param sharing               convolution kind (LEARNED: WSResNet, C4: GResNet, NONE: ResNet)
     * @param channels              C (block 2 has 2C)
     * @param groupSize             G (LEARNED only; 4 for C4, 1 for NONE)
     * @param kernelSize            k of every convolution but the shortcut (paper: 7)
     * @param hidden                width of the head's hidden layer (paper: 256)
     * @param dropout               drop probability of the head (paper: 0.3)
     * @param numClasses            output classes
     * @param inputShape            {channels, height, width}
     * @param seed                  initialisation seed
     * @param updater               updater of all parameters
     * @param recipe                how the logits "R" are trained ({@link DiscoveryRecipe})
     * @param representationUpdater updater of the logits "R" (null: the recipe's)
     * @param weightDecay           weight decay on all parameters (0: none)
     * @param normPenalty           λ_norm (null: the recipe's)
     * @param entropyPenalty        λ_ent (null: the recipe's)
     */
    public record Spec(Sharing sharing, int channels, int groupSize, int kernelSize, int hidden,
                       double dropout, int numClasses, int[] inputShape, long seed, IUpdater updater,
                       DiscoveryRecipe recipe, IUpdater representationUpdater, double weightDecay, Double normPenalty,
                       Double entropyPenalty) {
    }

    private CifarResNetArchitecture() {
    }

    /** The graph configuration for a spec. */
    public static ComputationGraphConfiguration configuration(Spec s) {
        String me = "CifarResNetArchitecture(" + s.sharing() + ")";
        Checks.positive(me, "channels", s.channels());
        Checks.positive(me, "kernelSize", s.kernelSize());
        Checks.positive(me, "hidden", s.hidden());
        Checks.positive(me, "numClasses", s.numClasses());
        if (s.kernelSize() % 2 == 0) {
            throw new IllegalArgumentException(me + ": kernelSize expected odd (\"same\" padding), found " + s.kernelSize());
        }
        if (!(s.dropout() >= 0 && s.dropout() < 1)) {
            throw new IllegalArgumentException(me + ": dropout expected in [0, 1), found " + s.dropout());
        }
        if (s.inputShape() == null || s.inputShape().length != 3) {
            throw new IllegalArgumentException(me + ": inputShape expected {channels, height, width}, found "
                    + java.util.Arrays.toString(s.inputShape()));
        }
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder().seed(s.seed()).updater(s.updater());
        if (s.weightDecay() > 0) {
            base.weightDecay(s.weightDecay());
        }
        ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(s.inputShape()[1], s.inputShape()[2], s.inputShape()[0]));
        int c = s.channels();
        g.addLayer("lift", convolution(s, c, true), "in")
                .addLayer("bn0", new GroupBatchNorm.Builder().build(), "lift")
                .addLayer("relu0", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn0");
        String prev = block(g, s, "b1", "relu0", c, c);
        prev = block(g, s, "b2", prev, c, 2 * c);
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), prev)
                .addLayer("fc", new DenseLayer.Builder().nOut(s.hidden()).hasBias(false)
                        .activation(Activation.IDENTITY).build(), "gap")
                .addLayer("fcbn", new GroupBatchNorm.Builder().build(), "fc")
                .addLayer("fcrelu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "fcbn")
                // DL4J's dropout argument is the probability of keeping an activation
                .addLayer("dropout", new DropoutLayer.Builder(1.0 - s.dropout()).build(), "fcrelu")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(s.numClasses()).build(), "dropout")
                .setOutputs("out");
        return g.build();
    }

    private static String block(ComputationGraphConfiguration.GraphBuilder g, Spec s, String name, String in,
                                int cIn, int cOut) {
        g.addLayer(name + "conv1", convolution(s, cOut, false), in)
                .addLayer(name + "norm1", new GroupLayerNorm.Builder().relu(true).build(), name + "conv1")
                .addLayer(name + "conv2", convolution(s, cOut, false), name + "norm1")
                .addLayer(name + "norm2", new GroupLayerNorm.Builder().relu(true).build(), name + "conv2");
        String shortcut = in;
        if (cIn != cOut) {
            shortcut = name + "shortcut";
            g.addLayer(shortcut, new Convolution3D.Builder().kernelSize(1, 1, 1).stride(1, 1, 1).nOut(cOut)
                    .dataFormat(Convolution3D.DataFormat.NCDHW).convolutionMode(ConvolutionMode.Same)
                    .activation(Activation.IDENTITY).hasBias(true).build(), in);
        }
        g.addVertex(name + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "norm2", shortcut)
                .addLayer(name + "bn", new GroupBatchNorm.Builder().build(), name + "add")
                .addLayer(name + "pool", new Subsampling3DLayer.Builder(PoolingType.MAX).kernelSize(1, 2, 2)
                        .stride(1, 2, 2).dataFormat(Convolution3D.DataFormat.NCDHW).build(), name + "bn")
                .addLayer(name + "relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "pool");
        return name + "relu";
    }

    private static Layer convolution(Spec s, int nOut, boolean first) {
        return s.sharing().convolution(first, s.groupSize(),
                        s.recipe().representation(s.representationUpdater(), s.normPenalty(), s.entropyPenalty()))
                .nOut(nOut).kernelSize(s.kernelSize()).convolutionMode(ConvolutionMode.Same).build();
    }
}
