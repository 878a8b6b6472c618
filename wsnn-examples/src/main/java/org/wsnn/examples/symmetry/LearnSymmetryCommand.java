package org.wsnn.examples.symmetry;

import org.wsnn.train.checkpoint.AtomicFiles;
import org.wsnn.train.report.RepresentationReport;
import org.wsnn.data.IdxDataset;
import org.wsnn.examples.common.CliChoices;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.common.OutputPaths;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wsnn.core.analysis.StackMatch;
import org.wsnn.core.group.Permutations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code wsnn learn-symmetry}: the main program. Trains one {@link org.wsnn.layers.WeightSharingDense}
 * layer on an embedded synthetic task ({@link SymmetryTask}), then shows which symmetry it learned: a table
 * (each learned element → best-matching true element and its convex-fit coefficient), PNG heatmaps (learned
 * stack beside the ground truth; coefficient matrix) and {@code summary.json}.
 */
@Command(name = "learn-symmetry", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learn a symmetry from synthetic data with a weight-sharing layer and compare the learned "
                + "stack with the true group elements.",
                "Writes DIR/summary.json, DIR/stacks.png, DIR/coefficients.png."})
public final class LearnSymmetryCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(LearnSymmetryCommand.class);

    /** Summary file name. */
    public static final String SUMMARY_FILE = "summary.json";
    /** Stack heatmap file name. */
    public static final String STACKS_FILE = "stacks.png";
    /** Coefficient heatmap file name. */
    public static final String COEFFICIENTS_FILE = "coefficients.png";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--task", paramLabel = "T", converter = TaskConverter.class,
            description = "Task: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).",
            completionCandidates = TaskNames.class)
    SymmetryTask task = SymmetryTask.SHIFT_1D;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder, created if missing (default ./wsnn-runs/learn-symmetry-<task>).")
    File out;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of data and initialisation (default ${DEFAULT-VALUE}).")
    long seed = 2;

    @Option(names = "--steps", paramLabel = "N", description = "Full-batch training steps (default: per task, 200-300).")
    Integer steps;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "Adam learning rate (default: per task, 0.05 or 0.1).")
    Double learningRate;

    @Option(names = "--norm-penalty", paramLabel = "L", description = "Norm penalty coefficient (default ${DEFAULT-VALUE}).")
    double normPenalty = SymmetryLearner.DEFAULT_NORM_PENALTY;

    @Option(names = "--entropy-penalty", paramLabel = "L", description = "Entropy penalty coefficient (default ${DEFAULT-VALUE}).")
    double entropyPenalty = SymmetryLearner.DEFAULT_ENTROPY_PENALTY;

    @Option(names = "--weight-l2", paramLabel = "L",
            description = "L2 coefficient on the base vectors W, not on the logits (default: per task, "
                    + "0.01-0.08, see docs/discovery.md).")
    Double weightL2;

    @Option(names = "--entropy-warmup", paramLabel = "N",
            description = "Steps over which the entropy penalty ramps up linearly from 0 (default: all steps; 0: none).")
    Integer entropyWarmup;

    @Option(names = "--image-patches", paramLabel = "DIR",
            description = "Cut the canonical signals from the training images in DIR (MNIST or Fashion-MNIST "
                    + "IDX files, e.g. /usr/share/datasets/fashion-mnist) instead of drawing Gaussian ones; "
                    + "rotation-2d-c4 and rotation-2d-c8 only.")
    File imagePatches;

    @Option(names = "--no-progress", description = "Do not draw a progress bar on stderr.")
    boolean noProgress;

    @Option(names = "--force", description = "Overwrite the summary and heatmaps of an earlier run in --out.")
    boolean force;

    @Override
    public Integer call() {
        return Commands.run(spec, this::learn);
    }

    private int learn() throws IOException {
        int n = steps == null ? task.defaultSteps() : steps;
        if (n < 1) {
            throw bad("--steps expected a positive number, found " + n);
        }
        double lr = learningRate == null ? task.defaultLearningRate() : learningRate;
        check("--learning-rate", lr, false);
        check("--norm-penalty", normPenalty, true);
        check("--entropy-penalty", entropyPenalty, true);
        double l2 = weightL2 == null ? task.defaultWeightL2() : weightL2;
        check("--weight-l2", l2, true);
        if (entropyWarmup != null && entropyWarmup < 0) {
            throw bad("--entropy-warmup expected a number >= 0, found " + entropyWarmup);
        }
        if (imagePatches != null && !task.takesImagePatches()) {
            throw bad("--image-patches expected a 2-D task (rotation-2d-c4, rotation-2d-c8), found --task "
                    + task.cliName());
        }
        if (imagePatches != null) {
            IdxDataset.locateIn(imagePatches, true, ""); // a missing folder or file is refused before --out is made
        }
        File dir = OutputPaths.folder("--out", out != null ? out : new File("wsnn-runs", "learn-symmetry-"
                + task.cliName()), force, OutputPaths.named(List.of(SUMMARY_FILE, STACKS_FILE, COEFFICIENTS_FILE)));
        OutputPaths.createFolder("--out", dir);

        SymmetryLearner.Settings settings = new SymmetryLearner.Settings(task, seed, n, lr, normPenalty,
                entropyPenalty, l2, entropyWarmup == null ? n : entropyWarmup, imagePatches);
        log.info("learn-symmetry: task {} ({}), {} {} signals, {} samples, {} steps, seed {}, output {}", task,
                task.description(), task.baseSignals(), imagePatches == null ? "Gaussian"
                        : "image-patch (from " + imagePatches + ")", task.samples(), n, seed, dir.getAbsolutePath());
        long start = System.nanoTime();
        SymmetryLearner.Result result;
        try (ProgressBar bar = noProgress ? null : new ProgressBarBuilder().setTaskName("learn " + task)
                .setInitialMax(n).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            result = SymmetryLearner.learn(settings, (step, score) -> {
                if (bar != null) {
                    bar.stepTo(step);
                    bar.setExtraMessage(String.format("loss %.4f", score));
                }
                if (step % Math.max(1, n / 5) == 0) {
                    log.info("step {}/{}: loss {}", step, n, String.format("%.4f", score));
                }
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        PrintWriter o = spec.commandLine().getOut();
        printTable(o, result);
        writeOutputs(dir, result, seconds);
        o.println(result.discovered().summaryLine());
        if (result.sinkhornResidual() > RepresentationReport.SINKHORN_WARNING) {
            o.printf("warning: the learned stack is not doubly stochastic: max |row or column sum - 1| = %.2e after "
                    + "the layer's Sinkhorn iterations (see docs/reliability.md)%n", result.sinkhornResidual());
        }
        o.printf("matched %d of %d elements (mean coefficient %.3f), training accuracy %.3f, %.1f s; wrote %s%n",
                result.match().matched(), result.match().elements(), result.match().meanCoefficient(),
                result.accuracy(), seconds, dir.getPath());
        o.flush();
        return 0;
    }

    /** The table: learned element → best true element, coefficient, whether it counts as matched. */
    static void printTable(PrintWriter o, SymmetryLearner.Result r) {
        StackMatch m = r.match();
        int[] best = m.best();
        double[] coefficient = m.coefficient();
        int[] matchedTo = m.matchedTo();
        o.printf("task %s: %s; d = %d (%d on the support), G = %d%n", r.settings().task(),
                r.settings().task().description(), r.learned().size(1), r.support().length, m.elements());
        o.println("learned  best true  coefficient  matched  hard permutation");
        for (int i = 0; i < m.elements(); i++) {
            boolean permutation = Permutations.isPermutationStack(
                    SymmetryLearner.restrict(r.truth(), r.support()).slice(best[i]).reshape(1, r.support().length,
                            r.support().length), 1e-9);
            o.printf("%7d  %9d  %11.3f  %7s  %s%n", i, best[i], coefficient[i], matchedTo[i] >= 0 ? "yes" : "no",
                    permutation ? "yes" : "no (interpolated)");
        }
    }

    private void writeOutputs(File dir, SymmetryLearner.Result r, double seconds) throws IOException {
        StackMatch m = r.match();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("task", r.settings().task().cliName());
        summary.put("elements", m.elements());
        summary.put("matched", m.matched());
        summary.put("meanCoefficient", m.meanCoefficient());
        summary.put("seconds", seconds);
        summary.put("trainSeconds", r.trainSeconds());
        summary.put("threshold", m.threshold());
        summary.put("best", m.best());
        summary.put("coefficient", m.coefficient());
        summary.put("matchedTo", m.matchedTo());
        summary.put("dimension", r.learned().size(1));
        summary.put("supportDimension", r.support().length);
        summary.put("fullMatrixMatched", r.fullMatch().matched());
        summary.put("fullMatrixMeanCoefficient", r.fullMatch().meanCoefficient());
        summary.put("trainingAccuracy", r.accuracy());
        summary.put("finalLoss", r.finalScore());
        summary.put("finalLossParts", r.finalParts().toMap());
        summary.put("seed", r.settings().seed());
        summary.put("steps", r.settings().steps());
        summary.put("learningRate", r.settings().learningRate());
        summary.put("normPenalty", r.settings().normPenalty());
        summary.put("entropyPenalty", r.settings().entropyPenalty());
        summary.put("weightL2", r.settings().weightL2());
        summary.put("entropyWarmup", r.settings().entropyWarmup());
        summary.put("baseSignals", r.settings().task().baseSignals());
        summary.put("signals", r.settings().imagePatches() == null ? "gaussian"
                : "image patches from " + r.settings().imagePatches().getAbsolutePath());
        summary.put("samples", r.dataset().size());
        summary.put("coefficients", r.fit().coefficients());
        summary.put("discovered", r.discovered().toJson());
        summary.put("sinkhornResidual", r.sinkhornResidual());
        AtomicFiles.writeJson(new File(dir, SUMMARY_FILE).toPath(), summary);

        String name = r.settings().task().cliName();
        Heatmaps.writeStacks(Permutations.toArray(r.learned()), Permutations.toArray(r.truth()),
                name + ": learned stack (top) and ground truth (bottom)", new File(dir, STACKS_FILE));
        Heatmaps.writeCoefficients(r.fit().coefficients(),
                name + ": convex-fit coefficients (matched " + m.matched() + "/" + m.elements() + ")",
                new File(dir, COEFFICIENTS_FILE));
    }

    private void check(String option, double value, boolean zeroAllowed) {
        if (!Double.isFinite(value) || value < 0 || (!zeroAllowed && value == 0)) {
            throw bad(option + " expected a finite number " + (zeroAllowed ? ">= 0" : "> 0") + ", found " + value);
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), "learn-symmetry: " + message);
    }

    /** Parses {@code --task}; the error lists the valid choices. */
    static final class TaskConverter extends CliChoices.Converter<SymmetryTask> {
        TaskConverter() {
            super(SymmetryTask::parse);
        }
    }

    /** The task names for help and completion. */
    static final class TaskNames extends CliChoices.Names<SymmetryTask> {
        TaskNames() {
            super(SymmetryTask.values(), SymmetryTask::cliName);
        }
    }
}
