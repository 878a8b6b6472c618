package org.wsnn.examples.common;

import org.wsnn.train.checkpoint.Checkpoint;
import org.wsnn.train.checkpoint.CheckpointInfo;
import org.wsnn.train.registry.ModelChoice;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.wsnn.examples.compare.CompareCommand;
import org.wsnn.examples.inspect.InspectCommand;
import org.wsnn.examples.train.TrainCommand;
import org.nd4j.linalg.learning.config.Adam;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.layers.RepresentationStack;

import javax.imageio.ImageIO;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wsnn train / eval / inspect / export / compare} end to end on tiny real data (the committed
 * Fashion-MNIST slice: 64 training and 32 test images, 2 channels, batch 32), and their answers to bad input.
 */
class ModelCommandsTest {

    @TempDir
    static Path shared;

    /** A one-epoch WSCNN run shared by the tests that only read it. */
    static File run;

    static String[] trainArgs(File out, String... more) {
        return CliRun.trainArgs(out, more);
    }

    @BeforeAll
    static void trainOnce() {
        run = shared.resolve("wscnn").toFile();
        CliRun r = CliRun.of(trainArgs(run, "--epochs", "1")).ok("train wscnn");
        assertTrue(r.out().contains("Confusion Matrix"), "DL4J evaluation with confusion matrix printed:\n" + r.out());
        assertTrue(r.out().contains("learned representations against C4"), "report printed:\n" + r.out());
    }

    @Test
    void trainWritesCheckpointMetricsAndRepresentations() throws IOException {
        JsonNode metrics = new ObjectMapper().readTree(new File(run, TrainCommand.METRICS_FILE));
        for (String field : new String[]{"testAccuracy", "params", "representationParams", "secondsPerEpoch"}) {
            assertTrue(metrics.has(field), "metrics.json has " + field + ": " + metrics);
        }
        assertEquals(32, metrics.get("testExamples").asInt(), "test examples");
        JsonNode parts = metrics.get("trainLossParts");
        assertEquals(metrics.get("trainLoss").asDouble(), parts.get("total").asDouble(), 1e-9, "parts of the mean loss");
        assertEquals(parts.get("total").asDouble(), parts.get("task").asDouble() + parts.get("norm").asDouble()
                + parts.get("entropy").asDouble() + parts.get("weightDecay").asDouble() + parts.get("other").asDouble(),
                1e-9, "task + penalties = total: " + parts);
        assertTrue(parts.get("norm").asDouble() > 0 && parts.get("weightDecay").asDouble() > 0, "WSCNN penalties: " + parts);
        assertEquals(ModelChoice.WSCNN.build(2, 3).numParams(),
                metrics.get("params").asLong() + metrics.get("representationParams").asLong(), "params + logits");
        assertTrue(metrics.get("representationParams").asLong() > 0, "WSCNN has representation logits");
        assertEquals("paper", metrics.get("recipe").asText(), "the default recipe is recorded");

        JsonNode reps = new ObjectMapper().readTree(new File(run, TrainCommand.REPRESENTATIONS_FILE));
        JsonNode layers = reps.get("layers");
        assertEquals(5, layers.size(), "lifting + 4 group layers");
        assertEquals("C4 rotations", layers.get(0).get("fits").get("c4").get("truth").asText(), "lifting truth");
        assertEquals("C4 shift-twist", layers.get(1).get("fits").get("c4").get("truth").asText(), "group-layer truth");
        assertEquals(4, layers.get(0).get("fits").get("c4").get("coefficients").size(), "one row per element");
        assertNotNull(ImageIO.read(new File(run, "lift-stack-c4.png")), "lifting stack PNG readable");

        CheckpointInfo info = Checkpoint.readInfo(new File(run, Checkpoint.CHECKPOINT_FILE)).orElseThrow();
        assertEquals(1, info.epoch(), "epochs in the checkpoint");
        assertEquals(2, info.iteration(), "64 images / batch 32");
        assertEquals(3, info.seed(), "seed recorded");
        assertEquals("paper", info.recipe(), "recipe recorded in the checkpoint");
        ComputationGraph net = Checkpoint.load(new File(run, Checkpoint.CHECKPOINT_FILE), true);
        assertNotNull(net.getUpdater().getStateViewArray(), "updater state saved");
        assertTrue(net.getUpdater().getStateViewArray().amaxNumber().doubleValue() > 0, "Adam moments are non-zero");
        assertEquals(1, net.getConfiguration().getEpochCount(), "network epoch counter");
    }

    @Test
    void resumeGivesTheSameNetworkAsAnUninterruptedRun(@TempDir Path dir) throws IOException {
        File resumed = dir.resolve("resumed").toFile();
        Files.createDirectories(resumed.toPath());
        Files.copy(new File(run, Checkpoint.CHECKPOINT_FILE).toPath(), resumed.toPath().resolve(Checkpoint.CHECKPOINT_FILE));
        CliRun r = CliRun.of(trainArgs(resumed, "--epochs", "2", "--resume")).ok("resume");
        assertTrue(r.out().contains("resuming from") && r.out().contains("1 epoch(s) done"), r.out());
        CheckpointInfo info = Checkpoint.readInfo(new File(resumed, Checkpoint.CHECKPOINT_FILE)).orElseThrow();
        assertEquals(2, info.epoch(), "epoch counter advanced");
        assertEquals(4, info.iteration(), "iterations continue");
        assertEquals(2, info.secondsPerEpoch().size(), "both epochs timed");

        File straight = dir.resolve("straight").toFile();
        CliRun.of(trainArgs(straight, "--epochs", "2")).ok("two epochs without interruption");
        ComputationGraph a = Checkpoint.load(new File(resumed, Checkpoint.CHECKPOINT_FILE), true);
        ComputationGraph b = Checkpoint.load(new File(straight, Checkpoint.CHECKPOINT_FILE), true);
        assertEquals(2, a.getConfiguration().getEpochCount(), "resumed network's epoch count");
        assertEquals(4, a.getConfiguration().getIterationCount(), "resumed network's iteration count");
        // equal parameters need the same updater state, step counter and data order after the resume
        INDArray diff = a.params().sub(b.params());
        assertTrue(diff.amaxNumber().doubleValue() < 1e-5, "resumed and uninterrupted parameters agree, max |diff| "
                + diff.amaxNumber());
        assertTrue(a.getUpdater().getStateViewArray().sub(b.getUpdater().getStateViewArray()).amaxNumber()
                .doubleValue() < 1e-5, "updater states agree");
    }

    @Test
    void evalInspectAndExportTheCheckpoint(@TempDir Path dir) throws IOException {
        String checkpoint = new File(run, Checkpoint.CHECKPOINT_FILE).getPath();
        CliRun e = CliRun.of("eval", "--model-file", checkpoint, "--data-dir", CliRun.slice().getPath(),
                "--test-examples", "32", "--json", dir.resolve("eval.json").toString()).ok("eval");
        assertTrue(e.out().contains("Accuracy") && e.out().contains("Confusion Matrix"), e.out());
        assertTrue(e.out().contains("inputs normalised by the model file's normaliser"), e.out());
        var stored = (org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize) Checkpoint
                .readNormalizer(new File(run, Checkpoint.MODEL_FILE)).orElseThrow();
        assertEquals(0.1307, stored.getMean().getDouble(0), 1e-6, "model.zip stores the rotated data's normaliser");
        assertTrue(Checkpoint.readNormalizer(new File(run, Checkpoint.CHECKPOINT_FILE)).isPresent(), "and checkpoint.zip");
        double trained = new ObjectMapper().readTree(new File(run, TrainCommand.METRICS_FILE)).get("testAccuracy").asDouble();
        JsonNode evalJson = new ObjectMapper().readTree(dir.resolve("eval.json").toFile());
        assertEquals(32, evalJson.get("testExamples").asInt(), "eval test examples");
        // eval's default --seed 1 transforms the test images differently from train's seed 3: what must hold is
        // that the reported accuracy is the reported count of correct images out of 32
        double evaluated = evalJson.get("accuracy").asDouble();
        assertEquals(evalJson.get("correct").asLong() / 32.0, evaluated, 1e-12, "accuracy = correct / 32: " + evalJson);
        CliRun same = CliRun.of("eval", "--model-file", checkpoint, "--data-dir", CliRun.slice().getPath(),
                "--test-examples", "32", "--seed", "3", "--json", dir.resolve("eval3.json").toString()).ok("eval, seed 3");
        assertEquals(trained, new ObjectMapper().readTree(dir.resolve("eval3.json").toFile()).get("accuracy").asDouble(),
                1e-12, "eval with train's seed 3 reproduces train's test accuracy on the same 32 images:\n" + same.out());

        CliRun plainEval = CliRun.of("eval", "--model-file", checkpoint, "--data", "plain", "--data-dir",
                CliRun.slice().getPath(), "--test-examples", "32").ok("eval on untransformed digits (--data plain)");
        assertTrue(plainEval.out().contains("Accuracy"), plainEval.out());

        File inspectDir = dir.resolve("inspect").toFile();
        CliRun i = CliRun.of("inspect", "--model-file", checkpoint, "--out", inspectDir.getPath()).ok("inspect");
        assertTrue(i.out().contains("C4 rotations") && i.out().contains("horizontal flips")
                && i.out().contains("C4 shift-twist"), "fits printed:\n" + i.out());
        assertTrue(i.out().contains("trained by wsnn train: --model wscnn"), "checkpoint info printed:\n" + i.out());
        JsonNode report = new ObjectMapper().readTree(new File(inspectDir, InspectCommand.REPORT_FILE));
        assertEquals(2, report.get("layers").get(0).get("fits").get("flips").get("coefficients").get(0).size(),
                "flip fit has 2 true elements");
        assertTrue(new File(inspectDir, "lift-coefficients-flips.png").isFile(), "flip heatmap");
        assertTrue(report.get("representationParams").asLong() > 0, "counts in inspect.json");
        JsonNode discovered = report.get("layers").get(0).get("discovered");
        assertEquals(4, discovered.get("elements").size(), "one rounded element per stack element");
        assertEquals(25, discovered.get("elements").get(1).get("permutation").size(), "lifting permutations act on 25 taps");
        assertTrue(discovered.get("name").asText().matches("C\\d+|D\\d+|O|order .*"), "a catalogue name: " + discovered);
        assertTrue(i.out().contains("lift    discovered "), "one discovered line per learned layer:\n" + i.out());

        File exported = dir.resolve("exported.zip").toFile();
        CliRun x = CliRun.of("export", "--model-file", checkpoint, "--out", exported.getPath()).ok("export");
        assertTrue(x.out().contains("same outputs on a random batch"), x.out());
        ComputationGraph plain = Checkpoint.load(exported, false);
        assertEquals(0, org.wsnn.zoo.ParameterCounts.of(plain).logits(), "no representation logits after export");
        assertTrue(Checkpoint.readNormalizer(exported).isPresent(), "the export keeps the model's normaliser");
        CliRun.of("eval", "--model-file", exported.getPath(), "--data-dir", CliRun.slice().getPath(),
                "--test-examples", "32").ok("eval of the exported model");
    }

    @Test
    void compareWritesATableLikeThePapers(@TempDir Path dir) throws IOException {
        CliRun r = CliRun.of("compare", "--data-dir", CliRun.slice().getPath(), "--train-examples", "64",
                "--test-examples", "32", "--batch-size", "32", "--channels", "cnn=2", "--channels", "gcnn=2",
                "--channels", "wscnn=2", "--out", dir.toString(), "--no-progress").ok("compare");
        String table = Files.readString(dir.resolve(CompareCommand.TABLE_FILE));
        assertEquals(table.trim(), r.out().substring(0, r.out().indexOf("wrote")).trim(), "printed table = compare.md");
        assertTrue(table.contains("| model | channels | parameters | rotated | seconds/epoch |"), table);
        for (String model : new String[]{"| CNN |", "| GCNN (C4, fixed) |", "| WSCNN + norm |"}) {
            assertTrue(table.contains(model), "row " + model + ":\n" + table);
        }
        assertEquals(3, new ObjectMapper().readTree(dir.resolve(CompareCommand.JSON_FILE).toFile()).size(), "3 results");
    }

    @Test
    void badChoicesListTheValidOnes(@TempDir Path dir) {
        CliRun.of("train", "--model", "vgg", "--out", dir.toString()).fails("unknown model", 2,
                "vgg", "wscnn", "gcnn", "cnn", "wsresnet", "gresnet", "resnet");
        CliRun.of("train", "--data", "mnist-3d", "--out", dir.toString()).fails("unknown data", 2,
                "mnist-3d", "rotated", "partial-rotated-90", "partial-rotated-180", "scaled", "cifar10");
        CliRun.of("train", "--model", "wsresnet", "--out", dir.toString()).fails("CIFAR-10 model on MNIST data", 1,
                "3×32×32", "1×28×28", "wscnn, gcnn, cnn");
        CliRun.of("train", "--data", "cifar10", "--out", dir.toString()).fails("MNIST model on CIFAR-10", 1,
                "1×28×28", "3×32×32", "wsresnet, gresnet, resnet");
        CliRun.of("compare", "--models", "cnn,alexnet").fails("unknown model in compare", 2, "alexnet", "wscnn");
        CliRun.of("train", "--epochs", "0", "--out", dir.toString()).fails("zero epochs", 2, "--epochs", "found 0");
        CliRun.of("train", "--recipe", "slow", "--out", dir.toString()).fails("unknown recipe", 2,
                "slow", "paper, fast");
        CliRun.of("train", "--model", "cnn", "--recipe", "fast", "--out", dir.toString()).fails(
                "a recipe for a model without learned stacks", 1, "--recipe fast", "wscnn, wsresnet", "cnn");
        CliRun.of("train", "--model", "wsresnet", "--data", "plain", "--out", dir.toString()).fails(
                "plain digits for a CIFAR-10 model", 1, "--data plain", "wscnn, gcnn, cnn");
    }

    @Test
    void theFastRecipeTrainsTheLogitsItsWayAndResumeKeepsIt(@TempDir Path dir) throws IOException {
        File fast = dir.resolve("fast").toFile();
        CliRun.of(trainArgs(fast, "--epochs", "1", "--recipe", "fast")).ok("train wscnn --recipe fast");
        JsonNode metrics = new ObjectMapper().readTree(new File(fast, TrainCommand.METRICS_FILE));
        assertEquals("fast", metrics.get("recipe").asText(), "recipe in metrics.json");
        assertEquals(0.0, metrics.get("trainLossParts").get("norm").asDouble(), "no norm penalty in the fast recipe");
        ComputationGraph net = Checkpoint.load(new File(fast, Checkpoint.CHECKPOINT_FILE), true);
        RepresentationStack lift = ((WeightSharingConvolution) net.getLayer("lift").conf().getLayer()).getRepresentation();
        assertEquals(new Adam(5e-2), lift.getRepresentationUpdater(), "the fast recipe's updater of the logits");
        assertFalse(lift.isRegularizeRepresentations(), "no weight decay on the logits");

        CliRun.of(trainArgs(fast, "--epochs", "2", "--resume", "--recipe", "paper")).fails("another recipe on resume",
                1, "--recipe paper", "checkpoint's fast");
        CliRun.of(trainArgs(fast, "--epochs", "2", "--resume")).ok("resume keeps the recipe");
        assertEquals("fast", Checkpoint.readInfo(new File(fast, Checkpoint.CHECKPOINT_FILE)).orElseThrow().recipe(),
                "recipe kept by the resumed checkpoint");
    }

    @Test
    void missingDataSaysWhereItLookedAndHowToGetIt(@TempDir Path dir) {
        File nowhere = dir.resolve("no-such-folder").toFile();
        CliRun.of("train", "--data-dir", nowhere.getPath(), "--out", dir.resolve("out").toString(), "--no-progress")
                .fails("missing data", 1, nowhere.getPath(), "dataset-fashion-mnist");
    }

    @Test
    void resumeWithoutACheckpointSaysSo(@TempDir Path dir) {
        CliRun.of(trainArgs(dir.toFile(), "--resume")).fails("resume without checkpoint", 1,
                "no checkpoint to resume from", Checkpoint.CHECKPOINT_FILE);
    }

    @Test
    void corruptOrForeignModelFilesGiveAClearError(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.zip");
        Files.writeString(text, "this is not a model\n");
        expectBadModel(text, "not a zip archive");

        Path zip = dir.resolve("photos.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("cat.jpg"));
            z.write(new byte[]{1, 2, 3});
            z.closeEntry();
        }
        expectBadModel(zip, "zip archive but not a DL4J model");

        Path mln = dir.resolve("mln.zip");
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(4).nOut(2).build()).build());
        net.init();
        ModelSerializer.writeModel(net, mln.toFile(), false);
        expectBadModel(mln, "MultiLayerNetwork");

        Path truncated = dir.resolve("truncated.zip");
        byte[] good = Files.readAllBytes(new File(run, Checkpoint.CHECKPOINT_FILE).toPath());
        try (OutputStream o = Files.newOutputStream(truncated)) {
            o.write(good, 0, good.length / 2);
        }
        expectBadModel(truncated, truncated.toString());

        expectBadModel(dir.resolve("missing.zip"), "model file not found");

        // a foreign checkpoint in a run folder: --resume must refuse it clearly too
        File runDir = dir.resolve("run").toFile();
        Files.createDirectories(runDir.toPath());
        Files.copy(mln, runDir.toPath().resolve(Checkpoint.CHECKPOINT_FILE), StandardCopyOption.REPLACE_EXISTING);
        CliRun.of(trainArgs(runDir, "--resume")).fails("resume from a foreign checkpoint", 1, "MultiLayerNetwork");
    }

    private static void expectBadModel(Path file, String fragment) {
        CliRun.of("eval", "--model-file", file.toString(), "--data-dir", CliRun.slice().getPath(),
                "--test-examples", "8").fails("eval " + file.getFileName(), 1, fragment);
        CliRun.of("inspect", "--model-file", file.toString(), "--out", file.getParent().resolve("i").toString())
                .fails("inspect " + file.getFileName(), 1, fragment);
        CliRun.of("export", "--model-file", file.toString(), "--out", file.getParent().resolve("x.zip").toString())
                .fails("export " + file.getFileName(), 1, fragment);
    }
}
