package org.wsnn.zoo;

import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.layers.Sharing;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.wsnn.core.Checks;
import org.wsnn.layers.GroupLayerNorm;
import org.wsnn.layers.GroupPooling;

/**
 * The paper's MNIST networks (method.md): one lifting and {@code groupLayers} group convolutions, kernel k,
 * no padding (28→24→20→16→12→8 for k = 5), each followed by layer norm over (C, G, H, W) without affine
 * parameters and ReLU; global mean over (G, H, W); one linear layer with softmax.
 *
 * <p>The three variants differ only in the convolution: learned weight sharing (WSCNN), a fixed group
 * (GCNN, C4) or plain convolutions (CNN, G = 1). Layer names: {@code lift}, {@code conv1..convN},
 * {@code norm0..normN}, {@code pool}, {@code gap}, {@code out}.
 */
public final class MnistArchitecture {

    /**
     * Everything that defines one MNIST network.
     *
     * @param sharing               convolution kind
     * @param channels              channels (fields) per layer
     * @param groupSize             G (ignored for NONE, 4 for C4)
     * @param kernelSize            k
     * @param groupLayers           number of layers after the lifting layer (paper: 4)
     * @param numClasses            output classes
     * @param inputShape            {channels, height, width}
     * @param seed                  initialisation seed
     * @param updater               updater of all parameters
     * @param recipe                how the logits "R" are trained ({@link DiscoveryRecipe})
     * @param representationUpdater updater of the logits "R" (null: the recipe's)
     * @param weightDecay           decoupled weight decay on all parameters (AdamW style; 0: none)
     * @param normPenalty           λ_norm (null: the recipe's)
     * @param entropyPenalty        λ_ent (null: the recipe's)
     */
    public record Spec(Sharing sharing, int channels, int groupSize, int kernelSize, int groupLayers, int numClasses,
                       int[] inputShape, long seed, IUpdater updater, DiscoveryRecipe recipe, IUpdater representationUpdater,
                       double weightDecay, Double normPenalty, Double entropyPenalty) {
    }

    private MnistArchitecture() {
    }

    /** The graph configuration for a spec. */
    public static ComputationGraphConfiguration configuration(Spec s) {
        String me = "MnistArchitecture(" + s.sharing() + ")";
        Checks.positive(me, "channels", s.channels());
        Checks.positive(me, "kernelSize", s.kernelSize());
        Checks.positive(me, "numClasses", s.numClasses());
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
        String prev = "in";
        for (int i = 0; i <= s.groupLayers(); i++) {
            String conv = i == 0 ? "lift" : "conv" + i;
            g.addLayer(conv, convolution(s, i == 0), prev);
            g.addLayer("norm" + i, new GroupLayerNorm.Builder().relu(true).build(), conv);
            prev = "norm" + i;
        }
        g.addLayer("pool", new GroupPooling.Builder().poolingType(PoolingType.AVG).build(), prev)
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(s.numClasses()).build(), "gap")
                .setOutputs("out");
        return g.build();
    }

    private static Layer convolution(Spec s, boolean first) {
        return s.sharing().convolution(first, s.groupSize(),
                        s.recipe().representation(s.representationUpdater(), s.normPenalty(), s.entropyPenalty()))
                .nOut(s.channels()).kernelSize(s.kernelSize()).build();
    }
}
