package org.wsnn.examples.common;

import org.wsnn.train.checkpoint.Checkpoint;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.wsnn.core.group.Permutations;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.zoo.CNN;
import org.wsnn.zoo.ParameterCounts;
import org.wsnn.zoo.WSCNN;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code wsnn harden} end to end: a WSCNN whose stacks sit near C4 becomes the C4 G-CNN; bad input refused. */
class HardenCommandTest {

    private static ComputationGraph tinyWscnn() {
        return WSCNN.builder().channels(2).groupLayers(1).inputShape(new int[]{1, 12, 12}).build().init();
    }

    /** Logits 12·P_g for the learned elements 1..3. */
    private static void nearC4(ComputationGraph net, String layer, INDArray truth) {
        INDArray r = net.getLayer(layer).getParam(WeightSharingConvolution.REPRESENTATION_KEY);
        for (int g = 1; g < 4; g++) {
            r.slice(g - 1).assign(truth.slice(g).castTo(r.dataType()).mul(12));
        }
    }

    private static File save(ComputationGraph net, Path dir, String name) throws IOException {
        File f = dir.resolve(name).toFile();
        Checkpoint.save(net, null, f.toPath(), false);
        return f;
    }

    @Test
    void hardensANearC4ModelAndRefusesOverwrites(@TempDir Path dir) throws IOException {
        ComputationGraph net = tinyWscnn();
        nearC4(net, "lift", Permutations.c4GridRotations(5));
        nearC4(net, "conv1", Permutations.c4ShiftTwist(5));
        File model = save(net, dir, "model.zip");
        File hard = dir.resolve("hard.zip").toFile();
        CliRun r = CliRun.of("harden", "--model-file", model.getPath(), "--out", hard.getPath()).ok("harden");
        assertTrue(r.out().contains("lift    hardened to C4 (4 permutations"), r.out());
        assertTrue(r.out().contains("conv1   hardened to C4 (4 permutations"), r.out());
        assertTrue(r.out().contains("invariance under [ROT90, ROT180, ROT270] of the input"), r.out());
        ComputationGraph back = Checkpoint.load(hard, false);
        assertEquals(0, ParameterCounts.of(back).logits(), "no representation logits after hardening");
        assertEquals(ParameterCounts.of(net).weights(), ParameterCounts.of(back).weights(), "weights kept");
        JsonNode json = new ObjectMapper().readTree(new File(hard.getPath() + ".json"));
        assertEquals("C4", json.get("layers").get(0).get("discovered").get("name").asText());
        assertTrue(json.get("invarianceError").asDouble() < 1e-4, json.toString());

        byte[] before = Files.readAllBytes(hard.toPath());
        CliRun again = CliRun.of("harden", "--model-file", model.getPath(), "--out", hard.getPath());
        assertEquals(1, again.exitCode(), again.err());
        assertTrue(again.err().contains("exists; give --force to overwrite it"), again.err());
        assertEquals(before.length, Files.readAllBytes(hard.toPath()).length, "existing output untouched");
        CliRun.of("harden", "--model-file", model.getPath(), "--out", hard.getPath(), "--force").ok("with --force");
        CliRun self = CliRun.of("harden", "--model-file", model.getPath(), "--out", model.getPath(), "--force");
        assertEquals(1, self.exitCode());
        assertTrue(self.err().contains("is an input of this command"), self.err());
    }

    @Test
    void refusesSoftStacksAndModelsWithoutLearnedLayers(@TempDir Path dir) throws IOException {
        File soft = save(tinyWscnn(), dir, "soft.zip");
        CliRun s = CliRun.of("harden", "--model-file", soft.getPath(), "--out", dir.resolve("h.zip").toString());
        assertEquals(1, s.exitCode(), s.err());
        assertTrue(s.err().contains("layer 'lift' element 1 is far from a hard permutation (mass 0."), s.err());
        assertTrue(s.err().trim().lines().count() == 1, "one line:\n" + s.err());
        assertTrue(!dir.resolve("h.zip").toFile().exists(), "nothing written");

        File cnn = save(CNN.builder().channels(2).groupLayers(1).inputShape(new int[]{1, 12, 12}).build().init(), dir,
                "cnn.zip");
        CliRun c = CliRun.of("harden", "--model-file", cnn.getPath(), "--out", dir.resolve("h2.zip").toString());
        assertEquals(1, c.exitCode(), c.err());
        assertTrue(c.err().contains("no learned weight-sharing layer"), c.err());
        CliRun m = CliRun.of("harden", "--model-file", soft.getPath(), "--out", dir.resolve("h3.zip").toString(),
                "--minimum-mass", "1.5");
        assertTrue(m.err().contains("--minimum-mass expected a number in (0, 1], found 1.5"), m.err());
    }
}
