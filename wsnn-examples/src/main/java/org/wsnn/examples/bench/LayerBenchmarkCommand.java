package org.wsnn.examples.bench;

import org.wsnn.train.checkpoint.AtomicFiles;
import org.wsnn.examples.common.CliException;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.common.OutputPaths;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code wsnn benchmark-layer}: memory and time of ONE weight-sharing layer at inference, fixed group stack
 * (the G-CNN: C4, C8, C16) against a learned stack, as in the paper's appendix.
 *
 * <p>Default: the group convolution {@link org.wsnn.layers.WeightSharingGroupConv} on input
 * [32, 3, G, 100, 100] (3 channels × G group copies, d = G·k²: where the (G·k²)² stack lives) and the lifting
 * layer {@link org.wsnn.layers.WeightSharingLifting} on input [32, 3, 100, 100] (d = k²), 3 output channels,
 * for G ∈ {4, 8, 16} and k ∈ {3, 5, 7}. Every case runs in a fresh JVM (this command started again with the
 * hidden option {@code --one}), so its peak memory is its own; see {@link LayerMeasurement} for what is
 * timed and {@link PeakMemory} for what is measured. Prints a markdown table and writes
 * {@code DIR/table.md} and {@code DIR/layer-benchmark.png}.
 */
@Command(name = "benchmark-layer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Memory and time of one weight-sharing layer at inference: fixed group stack (C4, C8, C16) "
                + "against a learned stack (Sinkhorn), one fresh JVM per case.",
                "Writes DIR/" + LayerBenchmarkCommand.TABLE_FILE + " and DIR/" + LayerBenchmarkCommand.PNG_FILE + "."})
public final class LayerBenchmarkCommand implements Callable<Integer> {

    /** Table file name. */
    public static final String TABLE_FILE = "table.md";
    /** Plot file name. */
    public static final String PNG_FILE = "layer-benchmark.png";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--group-sizes", split = ",", paramLabel = "G", description = "Group sizes: 4, 8, 16 (default 4,8,16).")
    List<Integer> groupSizes = new ArrayList<>(List.of(4, 8, 16));

    @Option(names = "--kernel-sizes", split = ",", paramLabel = "K", description = "Kernel sizes (default 3,5,7).")
    List<Integer> kernelSizes = new ArrayList<>(List.of(3, 5, 7));

    @Option(names = "--layers", split = ",", paramLabel = "L", description = "group, lifting (default group,lifting).")
    List<String> layers = new ArrayList<>(List.of("group", "lifting"));

    @Option(names = "--batch-size", paramLabel = "B", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batchSize = 32;

    @Option(names = "--channels", paramLabel = "C", description = "Input channels (default ${DEFAULT-VALUE}).")
    int channels = 3;

    @Option(names = "--size", paramLabel = "H", description = "Input height and width (default ${DEFAULT-VALUE}).")
    int size = 100;

    @Option(names = "--n-out", paramLabel = "C", description = "Output channels (default ${DEFAULT-VALUE}).")
    int nOut = 3;

    @Option(names = "--warmup", paramLabel = "N", description = "Discarded calls before timing (default ${DEFAULT-VALUE}).")
    int warmup = 1;

    @Option(names = "--repeats", paramLabel = "N", description = "Timed calls per median (default ${DEFAULT-VALUE}).")
    int repeats = 9;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default wsnn-runs/benchmark-layer).")
    File out = new File("wsnn-runs", "benchmark-layer");

    @Option(names = "--in-process", description = "Run every case in this JVM (faster; peak memory then includes"
            + " what earlier cases left resident).")
    boolean inProcess;

    @Option(names = "--child-jvm-options", paramLabel = "OPTS",
            description = "JVM options of the per-case JVMs (default ${DEFAULT-VALUE}).")
    String childJvmOptions = "-Xmx8g";

    @Option(names = "--one", hidden = true, paramLabel = "layer,G,k,mode", description = "Measure one case, print one line.")
    String one;

    @Option(names = "--force", description = "Overwrite the table and chart of an earlier run in --out.")
    boolean force;

    @Override
    public Integer call() {
        return Commands.run(spec, this::benchmark);
    }

    private int benchmark() throws IOException, InterruptedException {
        LayerCase.Input input = validate();
        PrintWriter o = spec.commandLine().getOut();
        if (one != null) {
            o.println(LayerMeasurement.measure(LayerCase.parse(one, input), warmup, repeats).toLine());
            o.flush();
            return 0;
        }
        List<LayerCase> cases = cases(input);
        OutputPaths.folder("--out", out, force, OutputPaths.named(java.util.List.of(TABLE_FILE, PNG_FILE)));
        OutputPaths.createFolder("--out", out);
        long start = System.nanoTime();
        List<LayerBenchmarkReport.Row> rows = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        for (int i = 0; i < cases.size(); i++) {
            LayerCase c = cases.get(i);
            long t = System.nanoTime();
            LayerBenchmarkReport.Row row = inProcess
                    ? new LayerBenchmarkReport.Row(c, LayerMeasurement.measure(c, warmup, repeats), null)
                    : runChild(c);
            rows.add(row);
            err.printf(Locale.ROOT, "benchmark-layer: [%d/%d] %s G=%d k=%d %s: %s (%.1f s)%n", i + 1, cases.size(),
                    c.layer().cliName(), c.groupSize(), c.kernelSize(), c.learned() ? "learned" : "fixed",
                    row.result() == null ? "failed: " + row.failure() : row.result().toLine(), (System.nanoTime() - t) / 1e9);
            err.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> lines = new ArrayList<>(header(input));
        lines.add("");
        lines.addAll(LayerBenchmarkReport.table(rows));
        lines.forEach(o::println);
        AtomicFiles.write(new File(out, TABLE_FILE).toPath(), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        LayerBenchmarkReport.writePng(rows, String.format(Locale.ROOT, "B=%d, C=%d, %dx%d", batchSize, channels, size, size),
                new File(out, PNG_FILE));
        o.printf(Locale.ROOT, "wrote %s and %s; %d cases in %.0f s%n", new File(out, TABLE_FILE).getPath(),
                new File(out, PNG_FILE).getPath(), cases.size(), seconds);
        o.flush();
        return rows.stream().allMatch(r -> r.result() != null) ? 0 : CliException.EXIT_CODE;
    }

    private LayerCase.Input validate() {
        if (Math.min(Math.min(batchSize, channels), Math.min(Math.min(size, nOut), repeats)) < 1) {
            throw new CliException("--batch-size, --channels, --size, --n-out and --repeats expected >= 1, found "
                    + batchSize + ", " + channels + ", " + size + ", " + nOut + ", " + repeats);
        }
        if (warmup < 0) {
            throw new CliException("--warmup expected >= 0, found " + warmup);
        }
        if (groupSizes.isEmpty() || kernelSizes.isEmpty() || layers.isEmpty()) {
            throw new CliException("--group-sizes, --kernel-sizes and --layers expected at least one value each");
        }
        groupSizes.forEach(LayerCase::fixedGroupOfOrder);
        for (int k : kernelSizes) {
            if (k < 1 || k > size) {
                throw new CliException("--kernel-sizes expected 1.." + size + " (at most --size), found " + k);
            }
        }
        for (String l : layers) {
            kind(l);
        }
        return new LayerCase.Input(batchSize, channels, size, nOut);
    }

    private static LayerCase.Kind kind(String name) {
        for (LayerCase.Kind k : LayerCase.Kind.values()) {
            if (k.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new CliException("--layers expected group or lifting, found " + name);
    }

    private List<LayerCase> cases(LayerCase.Input input) {
        List<LayerCase> cases = new ArrayList<>();
        for (String l : new LinkedHashSet<>(layers)) {
            for (int g : new LinkedHashSet<>(groupSizes)) {
                for (int k : new LinkedHashSet<>(kernelSizes)) {
                    cases.add(new LayerCase(kind(l), g, k, false, input));
                    cases.add(new LayerCase(kind(l), g, k, true, input));
                }
            }
        }
        return cases;
    }

    private List<String> header(LayerCase.Input input) {
        return List.of(
                String.format(Locale.ROOT, "One weight-sharing layer at inference, float32: batch %d, %d -> %d channels,"
                                + " %dx%d input, no padding; group convolution input [%d, %d, G, %d, %d], lifting input"
                                + " [%d, %d, %d, %d]; learned stacks: Sinkhorn, %d iterations.",
                        input.batch(), input.channels(), input.nOut(), input.size(), input.size(), input.batch(),
                        input.channels(), input.size(), input.size(), input.batch(), input.channels(), input.size(),
                        input.size(), org.wsnn.layers.WeightSharingConvolution.DEFAULT_SINKHORN_ITERATIONS),
                String.format(Locale.ROOT, "Median of %d calls after %d warm-up; %s; %d cores, java %s, OMP_NUM_THREADS=%s."
                                + " d = Gin*k^2; parameters = W + b (+ R when learned); tensors = parameters + stack +"
                                + " filters + output at 4 bytes.",
                        repeats, warmup, inProcess ? "all cases in one JVM" : "one fresh JVM per row (" + childJvmOptions + ")",
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")));
    }

    /** Runs one case in a fresh JVM: this command with {@code --one}. */
    private LayerBenchmarkReport.Row runChild(LayerCase c) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String opt : childJvmOptions.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), org.wsnn.examples.WsnnCommand.class.getName(),
                "benchmark-layer", "--one", c.spec(), "--batch-size", String.valueOf(batchSize),
                "--channels", String.valueOf(channels), "--size", String.valueOf(size), "--n-out", String.valueOf(nOut),
                "--warmup", String.valueOf(warmup), "--repeats", String.valueOf(repeats)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        String last = "no output";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(LayerMeasurement.LINE_PREFIX)) {
                    result = line;
                } else if (!line.isBlank() && !line.startsWith("\tat ")) {
                    last = line.trim();
                }
            }
        }
        int code = p.waitFor();
        if (code != 0 || result == null) {
            return new LayerBenchmarkReport.Row(c, null, "exit code " + code + ": " + last);
        }
        return new LayerBenchmarkReport.Row(c, LayerMeasurement.parse(result), null);
    }
}
