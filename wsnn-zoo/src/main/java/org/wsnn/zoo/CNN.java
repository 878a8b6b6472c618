package org.wsnn.zoo;

import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.layers.Sharing;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Getter;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The paper's MNIST network as a plain CNN (412,170 weights): see {@link MnistArchitecture}. Builder defaults are the paper's
 * configuration (64 channels, k = 5, four group layers after the lifting layer, 28×28×1 input, 10 classes,
 * Adam 1e-2 with weight decay 1e-4).
 */
@Getter
@Builder
@AllArgsConstructor
public class CNN extends MnistZooModel<CNN> {

    @Builder.Default private long seed = 1234;
    @Builder.Default private int channels = 64;
    @Builder.Default private int groupSize = 4;
    @Builder.Default private int kernelSize = 5;
    @Builder.Default private int groupLayers = 4;
    @Builder.Default private int numClasses = 10;
    @Builder.Default private int[] inputShape = {1, 28, 28};
    @Builder.Default private IUpdater updater = new Adam(1e-2);
    @Builder.Default private IUpdater representationUpdater = new Adam(1e-2);
    @Builder.Default private double weightDecay = 1e-4;
    @Builder.Default private double normPenalty = 0.0;
    @Builder.Default private double entropyPenalty = 0.0;

    @Override
    public MnistArchitecture.Spec spec() {
        return new MnistArchitecture.Spec(Sharing.NONE, channels, groupSize, kernelSize, groupLayers,
                numClasses, inputShape, seed, updater, DiscoveryRecipe.PAPER, representationUpdater, weightDecay, normPenalty, entropyPenalty);
    }

    @Override
    public void setInputShape(int[][] inputShape) {
        this.inputShape = inputShape[0];
    }
}
