package org.wsnn.examples.inspect;

import org.wsnn.train.checkpoint.Checkpoint;
import org.wsnn.train.checkpoint.CheckpointInfo;
import org.wsnn.train.report.RepresentationReport;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.wsnn.core.analysis.DoublyStochasticError;
import org.wsnn.core.analysis.NearestPermutation;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.symmetry.Heatmaps;
import org.wsnn.examples.common.OutputPaths;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.zoo.ParameterCounts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code wsnn inspect}: what a saved model is and what its weight-sharing layers learned: parameter counts
 * ("weights (+ logits)" and per layer), how the model was trained (when it is a wsnn checkpoint), per layer
 * the stack's size, its distance from doubly stochastic and from hard permutations, and the convex fit
 * against C4 rotations and horizontal flips ({@link RepresentationReport}), with PNG heatmaps and
 * {@code DIR/inspect.json}.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show parameter counts and the learned representation stacks of a saved model, fitted "
                + "against C4 rotations and horizontal flips.",
                "Writes DIR/inspect.json and PNG heatmaps."})
public final class InspectCommand implements Callable<Integer> {

    /** Report file name. */
    public static final String REPORT_FILE = "inspect.json";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model-file", paramLabel = "F", required = true, description = "The model (a DL4J ComputationGraph zip).")
    File modelFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default wsnn-runs/inspect-<file name>).")
    File out;

    @Option(names = "--force", description = "Overwrite the report and heatmaps of an earlier inspection in --out.")
    boolean force;

    @Override
    public Integer call() {
        return Commands.run(spec, this::inspect);
    }

    private int inspect() throws IOException {
        String base = modelFile.getName().replaceFirst("\\.zip$", "");
        File dir = OutputPaths.folder("--out", out != null ? out : new File("wsnn-runs", "inspect-" + base), force,
                OutputPaths.named(List.of(REPORT_FILE), ".png"), modelFile);
        ComputationGraph net = Checkpoint.load(modelFile, false);
        Checkpoint.requireFiniteParameters(net, modelFile.getPath());
        Optional<CheckpointInfo> info = Checkpoint.readInfo(modelFile);
        String normalizer = Checkpoint.readNormalizer(modelFile).map(InspectCommand::describe)
                .orElse("none stored (inputs must be normalised by the caller)");
        OutputPaths.createFolder("--out", dir);
        PrintWriter o = spec.commandLine().getOut();

        ParameterCounts counts = ParameterCounts.of(net);
        o.printf("model file %s: ComputationGraph, %d layers, parameters %s (weights (+ representation logits))%n",
                modelFile.getPath(), net.getLayers().length, counts);
        o.printf("input normaliser: %s%n", normalizer);
        info.ifPresent(i -> o.printf("trained by wsnn train: --model %s%s --data %s --channels %d --seed %d "
                        + "--batch-size %d --train-examples %d; %d epoch(s), %d steps, last training loss %.4f, "
                        + "training accuracy %.4f%n", i.model(), i.recipe() == null ? "" : " --recipe " + i.recipe(),
                i.data(), i.channels(), i.seed(), i.batchSize(), i.trainExamples(), i.epoch(), i.iteration(),
                i.trainLoss(), i.trainAccuracy()));

        o.println("layer   type                      weights   logits");
        List<Map<String, Object>> layerCounts = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            long logits = layer.paramTable() != null
                    && layer.paramTable().containsKey(WeightSharingConvolution.REPRESENTATION_KEY)
                    && layer.conf().getLayer() instanceof WeightSharingConvolution
                    ? layer.getParam(WeightSharingConvolution.REPRESENTATION_KEY).length() : 0;
            long weights = layer.numParams() - logits;
            String type = layer.conf().getLayer().getClass().getSimpleName();
            o.printf("%-7s %-22s %10d %8d%n", name, type, weights, logits);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", name);
            m.put("type", type);
            m.put("weights", weights);
            m.put("logits", logits);
            layerCounts.add(m);
        }

        RepresentationReport report = RepresentationReport.of(net, RepresentationReport.Truth.C4,
                RepresentationReport.Truth.FLIPS);
        List<Map<String, Object>> stacks = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (!report.layers().isEmpty()) {
            o.println();
            o.println("stacks  kind     G    d  max row/col error  hardness (nearest permutation, per element)");
        }
        for (RepresentationReport.Layer l : report.layers()) {
            DoublyStochasticError error = DoublyStochasticError.of(l.stacks().representationStack());
            List<NearestPermutation> nearest = NearestPermutation.ofStack(l.stacks().representationStack());
            double[] hardness = nearest.stream().mapToDouble(p -> p.score() / p.size()).toArray();
            StringBuilder h = new StringBuilder();
            for (double v : hardness) {
                h.append(String.format(h.length() == 0 ? "%.3f" : " %.3f", v));
            }
            o.printf("%-7s %-7s %2d %4d  %17.2e  %s%n", l.stacks().layerName(),
                    l.stacks().learned() ? "learned" : "fixed", l.groupSize(), l.dimension(), error.maxError(), h);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", l.stacks().layerName());
            m.put("sinkhornResidual", error.maxError());
            m.put("maxRowError", error.maxRowError());
            m.put("maxColumnError", error.maxColumnError());
            m.put("hardness", hardness);
            stacks.add(m);
            if (error.maxError() > RepresentationReport.SINKHORN_WARNING) {
                warnings.add(String.format("warning: layer %s: the stack is not doubly stochastic (max |row or column "
                        + "sum - 1| = %.2e after the layer's Sinkhorn iterations): its logits are too spread for "
                        + "them; the layer computes with this stack as shown (docs/reliability.md)",
                        l.stacks().layerName(), error.maxError()));
            }
        }
        warnings.forEach(o::println);
        o.println();
        report.print(o);
        List<File> pngs = Heatmaps.writeReport(report, dir);

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("modelFile", modelFile.getPath());
        header.put("params", counts.weights());
        header.put("representationParams", counts.logits());
        header.put("parameters", counts.toString());
        header.put("normalizer", normalizer);
        info.ifPresent(i -> header.put("checkpoint", i));
        header.put("layerParameters", layerCounts);
        header.put("stacks", stacks);
        header.put("hardnessDefinition", "per element: trace(P^T R) / d for the nearest permutation P (1 = hard permutation)");
        report.writeJson(new File(dir, REPORT_FILE), header);
        o.printf("wrote %s and %d PNG(s) to %s%n", REPORT_FILE, pngs.size(), dir.getPath());
        o.flush();
        return 0;
    }

    /** A normaliser in one line: its class and, for a standardiser, the per-channel mean and std. */
    private static String describe(org.nd4j.linalg.dataset.api.preprocessor.Normalizer<?> n) {
        if (n instanceof org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize s) {
            return "NormalizerStandardize mean " + java.util.Arrays.toString(s.getMean().dup().data().asDouble())
                    + ", std " + java.util.Arrays.toString(s.getStd().dup().data().asDouble());
        }
        return n.getClass().getSimpleName();
    }
}
