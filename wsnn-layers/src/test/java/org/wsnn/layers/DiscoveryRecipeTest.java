package org.wsnn.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two recipes' settings of the logits, explicit settings winning over them, and the parsing of their names. */
class DiscoveryRecipeTest {

    @Test
    void thePaperRecipeIsThePapersConfiguration() {
        RepresentationStack r = DiscoveryRecipe.PAPER.representation(null, null, null);
        assertEquals(new Adam(1e-2), r.getRepresentationUpdater(), "Adam 1e-2 on the logits (method.md)");
        assertEquals(0.1, r.getNormPenalty(), "λ_norm");
        assertEquals(0.0, r.getEntropyPenalty(), "λ_ent");
        assertTrue(r.isRegularizeRepresentations(), "the weight decay of all parameters reaches the logits");
        assertEquals(1.0, r.getLogitScale(), "logits U[0, 1)");
    }

    @Test
    void theFastRecipeFreesTheGaugeAndTakesLargerSteps() {
        RepresentationStack r = DiscoveryRecipe.FAST.representation(null, null, null);
        assertEquals(new Adam(5e-2), r.getRepresentationUpdater(), "Adam 5e-2 on the logits");
        assertEquals(0.0, r.getNormPenalty(), "no norm penalty");
        assertEquals(0.0, r.getEntropyPenalty(), "no entropy penalty");
        assertFalse(r.isRegularizeRepresentations(), "no decay on the logits");
        assertEquals(1.0, r.getLogitScale(), "the same initialisation as the paper's");
    }

    @Test
    void explicitSettingsOverrideTheRecipe() {
        RepresentationStack r = DiscoveryRecipe.FAST.representation(new Sgd(0.3), 0.2, 0.003);
        assertEquals(new Sgd(0.3), r.getRepresentationUpdater(), "updater");
        assertEquals(0.2, r.getNormPenalty(), "λ_norm");
        assertEquals(0.003, r.getEntropyPenalty(), "λ_ent");
        assertFalse(r.isRegularizeRepresentations(), "what was not given stays the recipe's");
    }

    @Test
    void everyOptionOfTheStackReachesTheLayersTheZooBuilds() {
        RepresentationStack options = DiscoveryRecipe.FAST.representation(null, null, 0.01);
        options.setEntropyWarmup(300);
        options.setLogitScale(2.0);
        options.setSinkhornIterations(7);
        for (boolean lifting : new boolean[]{true, false}) {
            WeightSharingConvolution layer = (WeightSharingConvolution) Sharing.LEARNED.convolution(lifting, 4, options)
                    .nOut(2).kernelSize(3).build();
            RepresentationStack r = layer.getRepresentation();
            assertFalse(r.isRegularizeRepresentations(), "decay on the logits (lifting " + lifting + ")");
            assertEquals(new Adam(5e-2), r.getRepresentationUpdater(), "updater");
            assertEquals(0.01, r.getEntropyPenalty(), "λ_ent");
            assertEquals(300, r.getEntropyWarmup(), "entropy warm-up");
            assertEquals(2.0, r.getLogitScale(), "logit scale");
            assertEquals(7, r.getSinkhornIterations(), "Sinkhorn iterations");
        }
        options.setNormPenalty(0.5);
        RepresentationStack taken = ((WeightSharingConvolution) Sharing.LEARNED.convolution(true, 4, options)
                .nOut(2).kernelSize(3).build()).getRepresentation();
        assertEquals(0.5, taken.getNormPenalty(), "taken when the layer is built");
        options.setNormPenalty(0.7);
        assertEquals(0.5, taken.getNormPenalty(), "a copy: later changes to the options do not reach the layer");
    }

    @Test
    void namesParseCaseInsensitivelyAndAnUnknownOneListsTheChoices() {
        assertSame(DiscoveryRecipe.FAST, DiscoveryRecipe.parse("FAST"));
        assertSame(DiscoveryRecipe.PAPER, DiscoveryRecipe.parse("paper"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiscoveryRecipe.parse("slow"));
        assertEquals("unknown recipe 'slow'; expected one of: paper, fast", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DiscoveryRecipe.parse(null));
    }
}
