package org.wsnn.examples.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.examples.common.CliException;
import org.wsnn.layers.GroupFeatureConvolution;
import org.wsnn.layers.WeightSharingConvolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures one {@link LayerCase}: inference time of the one-layer network's {@code output} and the peak
 * memory it adds to the process.
 *
 * <ul>
 *   <li><b>cold</b>: a parameter of {@code "W"} is nudged by ±1e-3 before each call, so the runtime (which
 *       keeps the filters while the parameters are unchanged) builds stack and filters again — for a
 *       learned stack R = (I, Sinkhorn(Θ)), then K = W_flat·S(R) — and then convolves: the cost of
 *       inference right after the parameters changed, or without a filter cache;</li>
 *   <li><b>warm</b>: the same input again with unchanged parameters: cached filters, the convolution only;</li>
 *   <li><b>filters</b>: the layer's filter pass alone ({@link org.wsnn.layers.kernel.FilterPasses#of}).</li>
 * </ul>
 * Each is the median of {@code repeats} calls after {@code warmup} discarded ones (at least one for warm, to
 * build the cache). {@link System#gc()} runs before every call (not timed), so the peak reflects one call's
 * working set rather than how lazily the JVM collects; the peak covers building the network and every call.
 *
 * @param coldMs          median ms with filters built
 * @param warmMs          median ms with cached filters
 * @param filtersMs       median ms of the filter pass alone
 * @param peakBytes       peak RSS above the baseline (taken after the input was created)
 */
record LayerMeasurement(double coldMs, double warmMs, double filtersMs, long peakBytes) {

    /** Prefix of the line a child process prints. */
    static final String LINE_PREFIX = "layer-benchmark-result";

    /** Runs the case in this JVM. */
    static LayerMeasurement measure(LayerCase c, int warmup, int repeats) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, c.inputShape());
        System.gc();
        try (PeakMemory memory = PeakMemory.start(5)) {
            MultiLayerNetwork net = c.network();
            if (net.numParams() != c.parameters()) {
                throw new IllegalStateException(c.spec() + ": expected " + c.parameters() + " parameters, the network has "
                        + net.numParams());
            }
            Layer layer = net.getLayer(0);
            INDArray w = layer.getParam(WeightSharingConvolution.WEIGHT_KEY);
            GroupFeatureConvolution conf = (GroupFeatureConvolution) layer.conf().getLayer();
            int[] calls = {0};
            Runnable cold = () -> {
                w.putScalar(0, w.getDouble(0) + (calls[0]++ % 2 == 0 ? 1e-3 : -1e-3));
                net.output(x);
            };
            double coldMs = median(cold, warmup, repeats);
            double warmMs = median(() -> net.output(x), Math.max(1, warmup), repeats);
            double filtersMs = median(() -> {
                try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    org.wsnn.layers.kernel.FilterPasses.of(conf, layer.paramTable()).filters();
                }
            }, 0, repeats);
            return new LayerMeasurement(coldMs, warmMs, filtersMs, memory.peakAboveBaseline());
        }
    }

    private static double median(Runnable action, int warmup, int repeats) {
        for (int i = 0; i < warmup; i++) {
            System.gc();
            action.run();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            System.gc();
            long t = System.nanoTime();
            action.run();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        double[] s = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The line a child process prints: prefix, then key=value pairs. */
    String toLine() {
        return String.format(Locale.ROOT, "%s cold_ms=%.3f warm_ms=%.3f filters_ms=%.3f peak_bytes=%d",
                LINE_PREFIX, coldMs, warmMs, filtersMs, peakBytes);
    }

    /** Parses {@link #toLine()}. */
    static LayerMeasurement parse(String line) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : line.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kv.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        try {
            return new LayerMeasurement(Double.parseDouble(kv.get("cold_ms")), Double.parseDouble(kv.get("warm_ms")),
                    Double.parseDouble(kv.get("filters_ms")), Long.parseLong(kv.get("peak_bytes")));
        } catch (RuntimeException e) {
            throw new CliException("cannot read a measurement from '" + line + "' (keys " + Arrays.toString(
                    kv.keySet().toArray()) + ")", e);
        }
    }
}
