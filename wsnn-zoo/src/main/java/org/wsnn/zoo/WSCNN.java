package org.wsnn.zoo;

import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.layers.Sharing;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Getter;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The paper's MNIST network with learned weight sharing (WSCNN + norm; 410,890 weights + 121,875 logits): see {@link MnistArchitecture}. Builder defaults are the paper's
 * configuration (32 channels, k = 5, four group layers after the lifting layer, 28×28×1 input, 10 classes,
 * Adam 1e-2 with weight decay 1e-4). {@code recipe} chooses how the representation logits are trained
 * ({@link DiscoveryRecipe#PAPER}, the default, or {@link DiscoveryRecipe#FAST}).
 */
@Getter
@Builder
@AllArgsConstructor
public class WSCNN extends MnistZooModel<WSCNN> {

    @Builder.Default private long seed = 1234;
    @Builder.Default private int channels = 32;
    @Builder.Default private int groupSize = 4;
    @Builder.Default private int kernelSize = 5;
    @Builder.Default private int groupLayers = 4;
    @Builder.Default private int numClasses = 10;
    @Builder.Default private int[] inputShape = {1, 28, 28};
    @Builder.Default private IUpdater updater = new Adam(1e-2);
    /** How the logits are trained (the paper's by default); the three settings below override it when set. */
    @Builder.Default private DiscoveryRecipe recipe = DiscoveryRecipe.PAPER;
    /** Updater of the logits; null: the recipe's. */
    private IUpdater representationUpdater;
    @Builder.Default private double weightDecay = 1e-4;
    /** λ_norm; null: the recipe's. */
    private Double normPenalty;
    /** λ_ent; null: the recipe's. */
    private Double entropyPenalty;

    @Override
    public MnistArchitecture.Spec spec() {
        return new MnistArchitecture.Spec(Sharing.LEARNED, channels, groupSize, kernelSize, groupLayers,
                numClasses, inputShape, seed, updater, recipe, representationUpdater, weightDecay, normPenalty, entropyPenalty);
    }

    @Override
    public void setInputShape(int[][] inputShape) {
        this.inputShape = inputShape[0];
    }
}
