package org.wsnn.examples.evaluate;

import org.wsnn.train.Trainer;
import org.wsnn.train.checkpoint.AtomicFiles;
import org.wsnn.train.checkpoint.Checkpoint;
import org.wsnn.train.registry.DataChoice;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.wsnn.data.TransformedImageIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.examples.common.CliChoices;
import org.wsnn.examples.common.CliException;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.common.OutputPaths;
import org.wsnn.zoo.ParameterCounts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code wsnn eval}: DL4J's {@link Evaluation} (accuracy, precision, recall, F1, confusion matrix) of a
 * saved ComputationGraph on the test split of a data choice, transformed once with a fixed seed.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model (checkpoint.zip, model.zip or a zoo file) on transformed test images.")
public final class EvalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model-file", paramLabel = "F", required = true, description = "The model (a DL4J ComputationGraph zip).")
    File modelFile;

    @Option(names = "--data", paramLabel = "D", converter = CliChoices.DataConverter.class, defaultValue = "rotated",
            completionCandidates = CliChoices.DataNames.class,
            description = "Data: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    DataChoice data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with MNIST-format IDX files or CIFAR-10 binary batches (default: the usual search).")
    File dataDir;

    @Option(names = "--test-examples", paramLabel = "N", description = "Test examples (default: all).")
    Integer testExamples;

    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size (default ${DEFAULT-VALUE}).")
    Integer batchSize = 64;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the test transforms (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics to this JSON file.")
    File json;

    @Option(names = "--force", description = "Overwrite the --json file if it exists.")
    boolean force;

    @Override
    public Integer call() {
        return Commands.run(spec, this::evaluate);
    }

    private int evaluate() throws IOException {
        Commands.positive(spec, "--test-examples", testExamples);
        Commands.positive(spec, "--batch-size", batchSize);
        if (json != null) {
            OutputPaths.file("--json", json, force, modelFile, dataDir);
        }
        Checkpoint.checkModelFile(modelFile);
        ComputationGraph net = Checkpoint.load(modelFile, false);
        Checkpoint.requireFiniteParameters(net, modelFile.getPath());
        requireInputShape(net);
        TransformedImageIterator test = data.iterator(dataDir, false, testExamples == null ? -1 : testExamples,
                batchSize, seed);
        java.util.Optional<org.nd4j.linalg.dataset.api.preprocessor.Normalizer<?>> stored = Checkpoint.readNormalizer(modelFile);
        stored.ifPresent(n -> {
            if (!(n instanceof org.nd4j.linalg.dataset.api.DataSetPreProcessor p)) {
                throw new CliException(modelFile.getPath() + ": its normaliser " + n.getClass().getSimpleName()
                        + " cannot pre-process image batches (expected a DataSet normaliser such as NormalizerStandardize)");
            }
            test.setPreProcessor(p);
        });
        String normalisation = stored.isPresent() ? "the model file's normaliser"
                : "--data " + data.cliName() + "'s normaliser (the model file stores none)";
        long start = System.nanoTime();
        Evaluation evaluation = Trainer.evaluate(net, test);
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter o = spec.commandLine().getOut();
        o.println(evaluation.stats(false, true));
        o.printf("%s: accuracy %.4f on %d %s test images (seed %d, inputs normalised by %s), parameters %s, %.1f s%n",
                modelFile.getPath(), evaluation.accuracy(), test.numExamples(), data.cliName(), seed, normalisation,
                ParameterCounts.of(net), seconds);
        o.flush();
        if (json != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("modelFile", modelFile.getPath());
            m.put("data", data.cliName());
            m.put("testExamples", test.numExamples());
            m.put("seed", seed);
            m.put("accuracy", evaluation.accuracy());
            m.put("correct", Math.round(evaluation.accuracy() * test.numExamples()));
            m.put("seconds", seconds);
            m.put("normalizer", stored.isPresent() ? "model file" : "data preset");
            AtomicFiles.writeJson(json.toPath(), m);
        }
        return 0;
    }

    /** One forward pass on a blank image of the data's shape: a model for other images fails here, clearly. */
    private void requireInputShape(ComputationGraph net) {
        int[] s = data.shape();
        try {
            net.output(false, Nd4j.zeros(DataType.FLOAT, 1, s[0], s[1], s[2]));
        } catch (RuntimeException e) {
            throw new CliException(modelFile.getPath() + " does not take the " + data.inputShape() + " images of --data "
                    + data.cliName() + " (CIFAR-10 is 3×32×32 for the *resnet models, the MNIST family 1×28×28 for "
                    + "wscnn, gcnn, cnn): " + e.getMessage(), e);
        }
    }
}
