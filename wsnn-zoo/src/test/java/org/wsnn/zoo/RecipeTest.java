package org.wsnn.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.layers.WeightSharingConvolution;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The zoo builders' recipe choice reaches every learned layer, and the default is the paper's configuration. */
class RecipeTest {

    @Test
    void theDefaultIsThePaperRecipeWithItsExplicitValues() {
        String byDefault = WSCNN.builder().channels(4).build().conf().toJson();
        String explicit = WSCNN.builder().channels(4).recipe(DiscoveryRecipe.PAPER).representationUpdater(new Adam(1e-2))
                .normPenalty(0.1).entropyPenalty(0.0).build().conf().toJson();
        assertEquals(explicit, byDefault, "the default WSCNN is the paper's");
        assertEquals(WSResNet.builder().channels(2).recipe(DiscoveryRecipe.PAPER).normPenalty(0.1).build().conf().toJson(),
                WSResNet.builder().channels(2).build().conf().toJson(), "the default WSResNet is the paper's");
    }

    @Test
    void theFastRecipeReachesEveryLearnedLayerOfBothFamilies() {
        for (ComputationGraphConfiguration conf : List.of(
                WSCNN.builder().channels(4).recipe(DiscoveryRecipe.FAST).build().conf(),
                WSResNet.builder().channels(2).recipe(DiscoveryRecipe.FAST).build().conf())) {
            List<WeightSharingConvolution> layers = conf.getVertices().values().stream()
                    .filter(v -> v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof WeightSharingConvolution)
                    .map(v -> (WeightSharingConvolution) ((LayerVertex) v).getLayerConf().getLayer()).toList();
            assertNotEquals(0, layers.size(), "learned layers found");
            for (WeightSharingConvolution l : layers) {
                assertEquals(new Adam(5e-2), l.getRepresentation().getRepresentationUpdater(), l.getLayerName());
                assertEquals(0.0, l.getRepresentation().getNormPenalty(), l.getLayerName());
                assertFalse(l.getRepresentation().isRegularizeRepresentations(), l.getLayerName());
            }
        }
    }

    @Test
    void anExplicitPenaltyWinsOverTheRecipe() {
        WeightSharingConvolution lift = (WeightSharingConvolution) ((LayerVertex) WSCNN.builder().channels(4)
                .recipe(DiscoveryRecipe.FAST).normPenalty(0.05).build().conf().getVertices().get("lift"))
                .getLayerConf().getLayer();
        assertEquals(0.05, lift.getRepresentation().getNormPenalty(), "explicit λ_norm");
        assertFalse(lift.getRepresentation().isRegularizeRepresentations(), "the rest stays the recipe's");
    }
}
