package org.wsnn.zoo;

import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.layers.Sharing;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Getter;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The paper's CIFAR-10 ResNet with learned weight sharing (WSCNN + norm, G = 4, C = 32): 1,632,394 weights + 468,195 representation logits. See {@link CifarResNetArchitecture} for the layers and the parameter arithmetic. Builder defaults are
 * the paper's configuration (k = 7, head 256 with dropout 0.3, 32×32×3 input, 10 classes, Adam 1e-4 for the
 * weights and 1e-2 for representations, weight decay 1e-4). No pretrained checkpoint.
 */
@Getter
@Builder
@AllArgsConstructor
public class WSResNet extends CifarZooModel<WSResNet> {

    @Builder.Default private long seed = 1234;
    @Builder.Default private int channels = 32;
    @Builder.Default private int groupSize = 4;
    @Builder.Default private int kernelSize = 7;
    @Builder.Default private int hidden = 256;
    @Builder.Default private double dropout = 0.3;
    @Builder.Default private int numClasses = 10;
    @Builder.Default private int[] inputShape = {3, 32, 32};
    @Builder.Default private IUpdater updater = new Adam(1e-4);
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
    public CifarResNetArchitecture.Spec spec() {
        return new CifarResNetArchitecture.Spec(Sharing.LEARNED, channels, groupSize, kernelSize,
                hidden, dropout, numClasses, inputShape, seed, updater, recipe, representationUpdater, weightDecay,
                normPenalty, entropyPenalty);
    }

    @Override
    public void setInputShape(int[][] inputShape) {
        this.inputShape = inputShape[0];
    }
}
