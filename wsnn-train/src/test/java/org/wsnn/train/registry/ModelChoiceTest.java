package org.wsnn.train.registry;

import org.junit.jupiter.api.Test;
import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.train.InputException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The registry's rules about names and recipes, without building a network. */
class ModelChoiceTest {

    @Test
    void aRecipeIsNamedForModelsWithLearnedStacksOnlyAndDefaultsToThePapers() {
        assertEquals("fast", ModelChoice.WSCNN.recipeName(DiscoveryRecipe.FAST));
        assertEquals("paper", ModelChoice.WSCNN.recipeName((DiscoveryRecipe) null));
        // a checkpoint written before the recipe was recorded was trained with the paper's
        assertEquals("paper", ModelChoice.WSRESNET.recipeName((String) null));
        assertEquals("fast", ModelChoice.WSRESNET.recipeName("fast"));
        for (ModelChoice fixed : new ModelChoice[]{ModelChoice.GCNN, ModelChoice.CNN}) {
            assertNull(fixed.recipeName((String) null), fixed.cliName());
            assertNull(fixed.recipeName(DiscoveryRecipe.FAST), fixed.cliName());
        }
    }

    @Test
    void aRecipeForAModelWithoutLearnedStacksIsRefusedWithTheModelsThatTakeOne() {
        InputException e = assertThrows(InputException.class, () -> ModelChoice.GCNN.requireRecipe(DiscoveryRecipe.FAST));
        assertEquals("--recipe fast applies to models with learned stacks (wscnn, wsresnet); --model gcnn has none",
                e.getMessage());
        ModelChoice.GCNN.requireRecipe(null);
    }

    @Test
    void unknownNamesListTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelChoice.parse("vgg"));
        assertEquals("unknown model 'vgg'; expected one of: wscnn, gcnn, cnn, wsresnet, gresnet, resnet",
                e.getMessage());
    }
}
