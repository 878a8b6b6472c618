package org.wsnn.examples.export;

import org.wsnn.train.checkpoint.Checkpoint;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.examples.common.CliException;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.common.OutputPaths;
import org.wsnn.layers.GroupFeatureConvolution;
import org.wsnn.layers.export.WeightSharingExport;
import org.wsnn.zoo.ParameterCounts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code wsnn export}: replaces every weight-sharing layer by a plain convolution holding its materialised
 * kernels ({@link WeightSharingExport}), checks on a seeded random batch that the written file gives the
 * same outputs as the source, and says so. Nothing is written when the outputs differ.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export a weight-sharing model to plain convolutions (same outputs, no Sinkhorn at inference).")
public final class ExportCommand implements Callable<Integer> {

    /** Largest accepted |difference| of the output probabilities. */
    public static final double TOLERANCE = 1e-4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model-file", paramLabel = "F", required = true, description = "The model (a DL4J ComputationGraph zip).")
    File modelFile;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the exported model.")
    File out;

    @Option(names = "--check-batch", paramLabel = "N", description = "Size of the random check batch (default ${DEFAULT-VALUE}).")
    Integer checkBatch = 8;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the check batch (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--force", description = "Overwrite --out if it exists (never the --model-file).")
    boolean force;

    @Override
    public Integer call() {
        return Commands.run(spec, this::export);
    }

    private int export() throws IOException {
        int batch = Commands.positive(spec, "--check-batch", checkBatch);
        OutputPaths.file("--out", out, force, modelFile);
        ComputationGraph source = Checkpoint.load(modelFile, false);
        Checkpoint.requireFiniteParameters(source, modelFile.getPath());
        ComputationGraph exported = WeightSharingExport.export(source);
        INDArray x = randomBatch(source, batch);
        double before = maxDifference(source, exported, x);
        if (!(before <= TOLERANCE)) {
            throw new CliException("export of " + modelFile.getPath() + " does not reproduce its outputs: max |difference| "
                    + before + " > " + TOLERANCE + "; nothing written");
        }
        Checkpoint.save(exported, null, out.toPath(), false, Checkpoint.readNormalizer(modelFile).orElse(null));
        ComputationGraph reloaded = Checkpoint.load(out, false);
        double after = maxDifference(source, reloaded, x);
        if (!(after <= TOLERANCE)) {
            throw new CliException("the written file " + out.getPath() + " does not reproduce the outputs after "
                    + "reloading: max |difference| " + after);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("exported %s -> %s: parameters %s -> %s%n", modelFile.getPath(), out.getPath(),
                ParameterCounts.of(source), ParameterCounts.of(reloaded));
        o.printf("same outputs on a random batch of %d %s inputs (seed %d): max |difference| of the class "
                + "probabilities %.2e (tolerance %.0e), checked on the reloaded file%n", batch,
                Arrays.toString(Arrays.copyOfRange(x.shape(), 1, x.rank())), seed, after, TOLERANCE);
        o.flush();
        return 0;
    }

    /** A seeded batch shaped like the input of the first convolution (its declared nIn, height and width). */
    private INDArray randomBatch(ComputationGraph net, int batch) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        String input = conf.getNetworkInputs().size() == 1 ? conf.getNetworkInputs().get(0) : null;
        for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
            if (input != null && e.getValue().equals(List.of(input))
                    && conf.getVertices().get(e.getKey()) instanceof LayerVertex lv
                    && lv.getLayerConf().getLayer() instanceof GroupFeatureConvolution c && c.inputRank() == 4
                    && c.getInputHeight() > 0 && c.getInputWidth() > 0) {
                Nd4j.getRandom().setSeed(seed);
                return Nd4j.randn(DataType.FLOAT, batch, c.getNIn(), c.getInputHeight(), c.getInputWidth());
            }
        }
        throw new CliException(modelFile.getPath() + ": cannot tell the input shape (expected one image input "
                + "read by a wsnn convolution layer, as in the zoo models)");
    }

    private static double maxDifference(ComputationGraph a, ComputationGraph b, INDArray x) {
        INDArray ya = a.outputSingle(false, x.dup());
        INDArray yb = b.outputSingle(false, x.dup());
        return ya.sub(yb).amaxNumber().doubleValue();
    }
}
