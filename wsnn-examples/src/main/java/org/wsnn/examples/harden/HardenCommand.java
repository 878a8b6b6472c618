package org.wsnn.examples.harden;

import org.wsnn.train.checkpoint.AtomicFiles;
import org.wsnn.train.checkpoint.Checkpoint;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.wsnn.examples.common.CliException;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.common.OutputPaths;
import org.wsnn.layers.export.StackHardening;
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
 * {@code wsnn harden}: rounds every learned stack of a model to hard permutations and writes the exact
 * group CNN they define ({@link StackHardening}): no representation logits, the base kernels and biases
 * kept. Refuses (one line naming the layer and the reason) a stack that is not a group, an element far
 * from hard, or hardened layers that are not consistent with each other; checks exact invariance under
 * the discovered grid symmetries; writes {@code <out>.json} with what was found. Never overwrites a file
 * without {@code --force}, and never its own input.
 */
@Command(name = "harden", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Discover, then harden: turn a learned weight-sharing model into the exact G-CNN of the group its stacks found.")
public final class HardenCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model-file", paramLabel = "F", required = true, description = "The learned model (a wsnn ComputationGraph zip).")
    File modelFile;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the hardened model.")
    File out;

    @Option(names = "--minimum-mass", paramLabel = "M",
            description = "Least mass trace(P^T R)/d of every element on its nearest permutation (default ${DEFAULT-VALUE}).")
    double minimumMass = StackHardening.DEFAULT_MINIMUM_MASS;

    @Option(names = "--force", description = "Overwrite --out (and its .json) if they exist.")
    boolean force;

    @Override
    public Integer call() {
        return Commands.run(spec, this::harden);
    }

    private int harden() throws IOException {
        if (!(minimumMass > 0 && minimumMass <= 1)) {
            throw new CliException("--minimum-mass expected a number in (0, 1], found " + minimumMass);
        }
        File report = new File(out.getPath() + ".json");
        OutputPaths.file("--out", out, force, modelFile);
        OutputPaths.file("--out (its report)", report, force, modelFile);
        ComputationGraph source = Checkpoint.load(modelFile, false);
        Checkpoint.requireFiniteParameters(source, modelFile.getPath());
        StackHardening.Result r;
        try {
            r = StackHardening.harden(source, minimumMass, StackHardening.DEFAULT_TOLERANCE);
        } catch (IllegalArgumentException e) {
            throw new CliException(modelFile.getPath() + ": " + e.getMessage().replaceFirst("^harden: ", ""));
        }
        Checkpoint.save(r.network(), null, out.toPath(), false, Checkpoint.readNormalizer(modelFile).orElse(null));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("modelFile", modelFile.getPath());
        json.put("hardenedFile", out.getPath());
        json.put("minimumMass", minimumMass);
        json.putAll(StackHardening.describe(r));
        AtomicFiles.writeJson(report.toPath(), json);
        PrintWriter o = spec.commandLine().getOut();
        for (String line : StackHardening.summary(r)) {
            o.println(line);
        }
        o.printf("hardened %s -> %s: parameters %s -> %s; wrote %s%n", modelFile.getPath(), out.getPath(),
                ParameterCounts.of(source), ParameterCounts.of(r.network()), report.getPath());
        o.flush();
        return 0;
    }
}
