package org.wsnn.examples.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.layers.kernel.FilterPass;
import org.wsnn.layers.kernel.FilterPasses;
import org.wsnn.layers.WeightSharingConvolution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The weight-sharing overhead of a training step, layer by layer: building the filters
 * K = W·S((I, Sinkhorn(Θ))) of every {@link WeightSharingConvolution} ({@link FilterPasses#of}) and the way
 * back from ∂L/∂K to ∂L/∂W and ∂L/∂Θ (the pass's {@code backward}), timed outside the network on the
 * layer's own parameters, medians over the runs.
 */
final class FilterProfiler {

    /** Median milliseconds to build one layer's filters and to take their gradient back. */
    record Timing(String layer, double buildMs, double backwardMs) {
    }

    private FilterProfiler() {
    }

    static List<Timing> profile(ComputationGraph net, int warmup, int runs) {
        List<Timing> out = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            if (!(layer.conf().getLayer() instanceof WeightSharingConvolution conf)) {
                continue;
            }
            Map<String, INDArray> params = layer.paramTable();
            Map<String, INDArray> grads = new HashMap<>();
            params.forEach((key, value) -> grads.put(key, value.like()));
            List<Double> build = new ArrayList<>();
            List<Double> back = new ArrayList<>();
            INDArray gradFilters = null;
            for (int r = 0; r < warmup + runs; r++) {
                long t0 = System.nanoTime();
                FilterPass pass = FilterPasses.of(conf, params);
                long t1 = System.nanoTime();
                if (gradFilters == null) {
                    gradFilters = Nd4j.randn(pass.filters().dataType(), pass.filters().shape());
                }
                pass.backward(gradFilters, grads);
                long t2 = System.nanoTime();
                if (r >= warmup) {
                    build.add((t1 - t0) / 1e6);
                    back.add((t2 - t1) / 1e6);
                }
            }
            out.add(new Timing(conf.getLayerName(), StepTimer.median(build), StepTimer.median(back)));
        }
        return out;
    }
}
