package org.wsnn.examples.bench;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.export.OnnxRuntimeRunner;
import org.wsnn.layers.export.WeightSharingExport;
import org.wsnn.onnx.OnnxExport;
import org.wsnn.zoo.CNN;
import org.wsnn.zoo.GCNN;
import org.wsnn.zoo.ParameterCounts;
import org.wsnn.zoo.WSCNN;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code wsnn benchmark}: times one training step (forward, backward, penalties, update) and one inference
 * pass of the paper's MNIST WSCNN (32 channels, G = 4, k = 5) on random 28×28 input, its exported
 * plain-convolution form, and a plain 64-channel CNN, then (when Debian's python3-torch is installed and the
 * script is found) the PyTorch reference in the same run, and prints the ratios.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Time a training step and an inference pass of the paper's MNIST WSCNN (and a CNN, and PyTorch).")
public final class BenchmarkCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch-size", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batchSize = 64;

    @Option(names = "--steps", description = "Timed steps after warm-up (default ${DEFAULT-VALUE}).")
    int steps = 10;

    @Option(names = "--warmup", description = "Warm-up steps (default ${DEFAULT-VALUE}).")
    int warmup = 3;

    @Option(names = "--group-size", description = "Group size G of the WSCNN (default ${DEFAULT-VALUE}, the paper's).")
    int groupSize = 4;

    @Option(names = "--skip-cnn", description = "Do not time the plain CNN.")
    boolean skipCnn;

    @Option(names = "--breakdown", description = "Also time a C4 GCNN with 32 channels (the WSCNN without Sinkhorn,"
            + " penalties and learned kernels) and a CNN with 128 channels (the same convolutions and layer norms),"
            + " and compare the export forms (wsnn's PlainGroupConvolution against DL4J's ConvolutionLayer).")
    boolean breakdown;

    @Option(names = "--profile", description = "Print forward/backward milliseconds per layer of the WSCNN.")
    boolean profile;

    @Option(names = "--onnx", description = "Also export the WSCNN to ONNX and time its inference in ONNX Runtime "
            + "(intra-op threads = the machine's cores), against the exported DL4J network and PyTorch.")
    boolean onnx;

    @Option(names = "--torch-script", description = "PyTorch baseline script (default ${DEFAULT-VALUE}); skipped when absent.")
    File torchScript = new File("../shared/bench/bench_torch.py");

    @Option(names = "--python", description = "Python with torch (default ${DEFAULT-VALUE}).")
    String python = "/usr/bin/python3";

    @Override
    public Integer call() {
        return Commands.run(spec, this::benchmark);
    }

    private int benchmark() throws Exception {
        if (batchSize < 1 || steps < 1 || warmup < 0 || groupSize < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "benchmark: --batch-size, --steps and"
                    + " --group-size expected >= 1 and --warmup >= 0, found " + batchSize + ", " + steps + ", "
                    + groupSize + " and " + warmup);
        }
        Nd4j.getRandom().setSeed(0);
        INDArray x = Nd4j.randn(DataType.FLOAT, batchSize, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batchSize, 10);
        for (int i = 0; i < batchSize; i++) {
            y.putScalar(i, i % 10, 1);
        }
        System.out.printf("machine: %d cores, java %s, OMP_NUM_THREADS=%s, OMP_WAIT_POLICY=%s, batch=%d, steps=%d"
                        + " (median after %d warm-up)%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getenv("OMP_NUM_THREADS"), System.getenv("OMP_WAIT_POLICY"),
                batchSize, steps, warmup);

        ComputationGraph wscnn = WSCNN.builder().groupSize(groupSize).build().init();
        System.out.println("wscnn params=" + ParameterCounts.of(wscnn) + (groupSize == 4 ? "" : " (G = " + groupSize + ")"));
        StepTimer.Result train = StepTimer.time(() -> wscnn.fit(new INDArray[]{x}, new INDArray[]{y}), warmup, steps);
        StepTimer.Result infer = StepTimer.time(() -> wscnn.outputSingle(false, x), warmup, steps);
        ComputationGraph exported = WeightSharingExport.export(wscnn);
        StepTimer.Result exportedInfer = StepTimer.time(() -> exported.outputSingle(false, x), warmup, steps);
        System.out.printf("ms_per_step=%.1f%n", train.medianMs());
        System.out.printf("infer_ms=%.1f%n", infer.medianMs());
        System.out.printf("exported_infer_ms=%.1f%n", exportedInfer.medianMs());
        System.out.printf("peak_rss_mib=%s%n", exportedInfer.peakMiB());
        ConvolutionFloor.Result floor = ConvolutionFloor.measure(wscnn, batchSize, 28, 28, warmup, steps);
        System.out.printf("conv_floor_infer_ms=%.1f (native conv2d alone, same shapes: %.1f GFLOP at %.0f GFLOP/s)%n",
                floor.ms(), floor.gflop(), floor.gflopPerSecond());

        if (!skipCnn) {
            ComputationGraph cnn = CNN.builder().build().init();
            StepTimer.Result cnnTrain = StepTimer.time(() -> cnn.fit(new INDArray[]{x}, new INDArray[]{y}), warmup, steps);
            StepTimer.Result cnnInfer = StepTimer.time(() -> cnn.outputSingle(false, x), warmup, steps);
            System.out.printf("cnn64 params=%s%n", ParameterCounts.of(cnn));
            System.out.printf("cnn64_ms_per_step=%.1f%n", cnnTrain.medianMs());
            System.out.printf("cnn64_infer_ms=%.1f%n", cnnInfer.medianMs());
            System.out.printf("cnn64_peak_rss_mib=%s%n", cnnInfer.peakMiB());
        }

        if (profile) {
            System.out.println("per-layer profile (median ms, no workspaces): vertex forward backward");
            for (LayerProfiler.Timing t : LayerProfiler.profile(wscnn, x, warmup, steps)) {
                System.out.printf("  %-8s %8.1f %8.1f%n", t.vertex(), t.forwardMs(), t.backwardMs());
            }
            System.out.println("weight-sharing filters (median ms, outside the network): layer build backward");
            for (FilterProfiler.Timing t : FilterProfiler.profile(wscnn, warmup, steps)) {
                System.out.printf("  %-8s %8.1f %8.1f%n", t.layer(), t.buildMs(), t.backwardMs());
            }
        }
        if (breakdown) {
            timeVariant("gcnn32_c4", GCNN.builder().channels(32).build().init(), x, y);
            timeVariant("cnn128", CNN.builder().channels(128).build().init(), x, y);
            ExportFormComparison.Result forms = ExportFormComparison.measure(batchSize, warmup, steps);
            System.out.printf("export_form_plain_group_convolution_ms=%.1f%nexport_form_dl4j_convolution_layer_ms=%.1f"
                    + " (one 128 -> 128, k = 5 convolution on 24x24, inference)%n",
                    forms.plainGroupConvolutionMs(), forms.convolutionLayerMs());
        }

        StepTimer.Result onnxInfer = null;
        int onnxThreads = Runtime.getRuntime().availableProcessors();
        if (onnx) {
            byte[] model = OnnxExport.export(wscnn, null).toByteArray();
            try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(model, onnxThreads)) {
                double diff = ort.run(x).sub(exported.outputSingle(false, x)).amaxNumber().doubleValue();
                onnxInfer = StepTimer.time(() -> {
                    try {
                        ort.run(x);
                    } catch (ai.onnxruntime.OrtException e) {
                        throw new IllegalStateException(e);
                    }
                }, warmup, steps);
                System.out.printf("onnx_threads=%d (ONNX Runtime %s, intra-op)%n", onnxThreads,
                        ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
                System.out.printf("onnx_infer_ms=%.1f (max |difference| to DL4J %.1e)%n", onnxInfer.medianMs(), diff);
                System.out.printf("ratio_onnx_infer=%.2f (ONNX Runtime / exported wsnn in DL4J)%n",
                        onnxInfer.medianMs() / exportedInfer.medianMs());
            }
        }

        Double[] torch = runTorch();
        if (torch != null) {
            System.out.printf("torch_ms_per_step=%.1f%ntorch_infer_ms=%.1f%n", torch[0], torch[1]);
            System.out.printf("ratio_step=%.2f (wsnn / torch)%n", train.medianMs() / torch[0]);
            System.out.printf("ratio_infer=%.2f (wsnn / torch)%n", infer.medianMs() / torch[1]);
            System.out.printf("ratio_exported_infer=%.2f (exported wsnn / torch weight-sharing)%n",
                    exportedInfer.medianMs() / torch[1]);
            System.out.printf("ratio_conv_floor_infer=%.2f (native conv2d alone / torch weight-sharing)%n",
                    floor.ms() / torch[1]);
            if (onnxInfer != null) {
                System.out.printf("ratio_onnx_torch_infer=%.2f (ONNX Runtime / torch weight-sharing)%n",
                        onnxInfer.medianMs() / torch[1]);
            }
        }
        return 0;
    }

    private void timeVariant(String name, ComputationGraph net, INDArray x, INDArray y) {
        StepTimer.Result train = StepTimer.time(() -> net.fit(new INDArray[]{x}, new INDArray[]{y}), warmup, steps);
        StepTimer.Result infer = StepTimer.time(() -> net.outputSingle(false, x), warmup, steps);
        System.out.printf("%s params=%s%n%s_ms_per_step=%.1f%n%s_infer_ms=%.1f%n", name, ParameterCounts.of(net),
                name, train.medianMs(), name, infer.medianMs());
    }

    /** Runs the PyTorch baseline; returns {ms per step, inference ms}, or null when it cannot run. */
    private Double[] runTorch() throws Exception {
        if (!torchScript.isFile() || !new File(python).canExecute()) {
            System.out.println("torch: skipped (" + torchScript + " or " + python + " not found)");
            return null;
        }
        String threads = String.valueOf(Runtime.getRuntime().availableProcessors());
        ProcessBuilder builder = new ProcessBuilder(python, torchScript.getPath(), String.valueOf(batchSize),
                String.valueOf(steps), threads).redirectErrorStream(true);
        if (System.getenv("WSNN_OMP_WAIT_POLICY_DEFAULTED") != null) {
            // the launcher's OMP_WAIT_POLICY=PASSIVE is wsnn's setting; PyTorch runs in its own default
            builder.environment().remove("OMP_WAIT_POLICY");
        }
        Process p = builder.start();
        Double step = null;
        Double infer = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("torch_ms_per_step=")) {
                    step = Double.parseDouble(line.substring(line.indexOf('=') + 1));
                } else if (line.startsWith("torch_infer_ms=")) {
                    infer = Double.parseDouble(line.substring(line.indexOf('=') + 1));
                } else if (line.contains("Error")) {
                    System.out.println("torch: " + line);
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            System.out.println("torch: timed out");
            return null;
        }
        return step == null || infer == null ? null : new Double[]{step, infer};
    }
}
