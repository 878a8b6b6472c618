package org.wsnn.examples.export;

import org.wsnn.train.checkpoint.Checkpoint;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.examples.common.CliException;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.common.OutputPaths;
import org.wsnn.layers.export.WeightSharingExport;
import org.wsnn.onnx.OnnxExport;
import org.wsnn.onnx.UnsupportedLayerException;
import org.wsnn.onnx.proto.OnnxProto.ModelProto;
import org.wsnn.zoo.ParameterCounts;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;
import org.wsnn.train.checkpoint.AtomicFiles;
import ai.onnxruntime.OrtException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.nio.file.Files;

/**
 * {@code wsnn export}: {@code --format dl4j} (default) replaces every weight-sharing layer by a plain
 * convolution holding its materialised kernels ({@link WeightSharingExport}); {@code --format onnx} writes a
 * standard ONNX model ({@link OnnxExport}) with the model's input normaliser folded in, which ONNX Runtime
 * serves without wsnn. Either way the written file is read back and run on a seeded random batch
 * (through ONNX Runtime for ONNX) and must give the source's outputs, else it is removed and the command
 * fails.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a trained model: to plain DL4J convolutions (same outputs, no Sinkhorn at inference) "
                + "or to a standard ONNX model that ONNX Runtime serves without wsnn.",
                "The written file is reloaded and checked against the source on a random batch."})
public final class ExportCommand implements Callable<Integer> {

    /** Largest accepted |difference| of the output probabilities. */
    public static final double TOLERANCE = 1e-4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model-file", paramLabel = "F", required = true, description = "The model (a DL4J ComputationGraph zip).")
    File modelFile;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the exported model.")
    File out;

    @Option(names = "--format", paramLabel = "F", description = "dl4j (a DL4J zip of plain convolutions) or onnx "
            + "(ONNX opset 17, float32; default ${DEFAULT-VALUE}).")
    String format = "dl4j";

    @Option(names = "--input-shape", paramLabel = "C,H,W", split = ",", description = "The model's input shape "
            + "(default: read off the first wsnn convolution, as in every zoo model).")
    long[] inputShape;

    @Option(names = "--without-normalizer", description = "With --format onnx: export a model that has no input "
            + "normaliser (normalizer.bin); the ONNX model then takes already-normalised input.")
    boolean withoutNormalizer;

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
        if (!format.equals("dl4j") && !format.equals("onnx")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "wsnn export: --format expected dl4j or onnx, "
                    + "found " + format);
        }
        if (inputShape != null && (inputShape.length != 3 || Arrays.stream(inputShape).anyMatch(v -> v < 1))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "wsnn export: --input-shape expected three "
                    + "positive numbers C,H,W, found " + Arrays.toString(inputShape));
        }
        OutputPaths.file("--out", out, force, modelFile);
        ComputationGraph source = Checkpoint.load(modelFile, false);
        Checkpoint.requireFiniteParameters(source, modelFile.getPath());
        if (format.equals("onnx")) {
            return exportOnnx(source, batch);
        }
        ComputationGraph exported = WeightSharingExport.export(source);
        INDArray x = Nd4j.randn(DataType.FLOAT, batchShape(shapeOf(source), batch));
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

    private int exportOnnx(ComputationGraph source, int batch) throws IOException {
        Normalizer<?> normalizer = Checkpoint.readNormalizer(modelFile).orElse(null);
        if (normalizer == null && !withoutNormalizer) {
            throw new CliException(modelFile.getPath() + " has no input normaliser (no " + ModelSerializer.NORMALIZER_BIN
                    + "), so the ONNX model could not take raw pixels; give --without-normalizer to export it for "
                    + "already-normalised input, or export a model written by wsnn train");
        }
        long[] shape = shapeOf(source);
        ModelProto model;
        try {
            model = OnnxExport.export(source, normalizer, shape);
        } catch (UnsupportedLayerException e) {
            throw new CliException(modelFile.getPath() + ": " + e.getMessage(), e);
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, batchShape(shape, batch));   // pixels in [0, 1), as the iterators emit
        INDArray normalised = x.dup();
        if (normalizer != null) {
            ((DataNormalization) normalizer).transform(normalised);
        }
        INDArray expected = source.outputSingle(false, normalised);
        AtomicFiles.write(out.toPath(), model.toByteArray());
        double diff;
        try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(Files.readAllBytes(out.toPath()), 1)) {
            diff = ort.run(x).sub(expected.castTo(DataType.FLOAT)).amaxNumber().doubleValue();
        } catch (OrtException e) {
            Files.deleteIfExists(out.toPath());
            throw new CliException("ONNX Runtime cannot run the exported " + out.getPath() + " (" + e.getMessage()
                    + "); removed it", e);
        }
        if (!(diff <= TOLERANCE)) {
            Files.deleteIfExists(out.toPath());
            throw new CliException("the ONNX export of " + modelFile.getPath() + " does not reproduce its outputs in "
                    + "ONNX Runtime: max |difference| " + diff + " > " + TOLERANCE + "; removed " + out.getPath());
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("exported %s -> %s: ONNX opset %d, input \"%s\" [N, %s], output \"%s\", %d nodes, %s%n",
                modelFile.getPath(), out.getPath(), OnnxExport.OPSET, OnnxExport.INPUT,
                Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ")),
                OnnxExport.OUTPUT, model.getGraph().getNodeCount(), normalizer == null
                        ? "takes normalised input (--without-normalizer)"
                        : "takes raw pixels (the model's " + normalizer.getClass().getSimpleName() + " folded in)");
        o.printf("same outputs in ONNX Runtime on a random batch of %d %s inputs (seed %d): max |difference| of the "
                + "class probabilities %.2e (tolerance %.0e)%n", batch, Arrays.toString(shape), seed, diff, TOLERANCE);
        o.flush();
        return 0;
    }

    /** {@code --input-shape}, else the input shape read off the first wsnn convolution ({@link OnnxExport#inputShapeOf}). */
    private long[] shapeOf(ComputationGraph net) {
        if (inputShape != null) {
            return inputShape;
        }
        try {
            return OnnxExport.inputShapeOf(net.getConfiguration());
        } catch (UnsupportedLayerException e) {
            throw new CliException(modelFile.getPath() + ": cannot tell the input shape (expected one image input "
                    + "read by a wsnn convolution layer, as in the zoo models); give --input-shape C,H,W", e);
        }
    }

    /** {@code [batch, C, H, W]}, and the random generator seeded for the check batch. */
    private long[] batchShape(long[] shape, int batch) {
        Nd4j.getRandom().setSeed(seed);
        return new long[]{batch, shape[0], shape[1], shape[2]};
    }

    private static double maxDifference(ComputationGraph a, ComputationGraph b, INDArray x) {
        INDArray ya = a.outputSingle(false, x.dup());
        INDArray yb = b.outputSingle(false, x.dup());
        return ya.sub(yb).amaxNumber().doubleValue();
    }
}
