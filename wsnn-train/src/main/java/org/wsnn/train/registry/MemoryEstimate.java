package org.wsnn.train.registry;

import org.wsnn.train.InputException;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.wsnn.layers.GroupFeatureConvolution;

import java.util.Map;

/**
 * A lower bound on the memory a training run of a network configuration needs, computed from the
 * configuration alone (before {@code init()} allocates anything), in {@code long} arithmetic so that
 * absurd sizes give a number instead of an overflow:
 *
 * <pre>
 *   bytes ≥ s · (4·P + 2·F + 2·B·A)
 * </pre>
 * with s the bytes per element (4 for float32), P the parameters (stored, with their gradients and the two
 * moments of Adam; for a weight-sharing convolution whose count overflows DL4J's arithmetic, the base
 * kernels' F / G), F the elements of the filters the weight-sharing convolutions materialise from their
 * base kernels at every step ({@code nOut·G × nIn·Gin × k × k}, and their gradients), B the batch size and
 * A the activation elements per example summed over the layers (forward activations and their gradients).
 * Workspaces, im2col buffers and the JVM come on top, so a run whose bound exceeds the machine's memory
 * cannot succeed and is refused at once ({@link #requireFits}) instead of failing minutes later.
 *
 * <p>DL4J's own {@code getMemoryReport} would be the natural tool, but it fails on layers without a
 * declared output type in 1.0.0-M2.1 (the layer-contract issue); this bound needs only parameter counts and
 * activation shapes.
 */
public record MemoryEstimate(long parameters, long filterElements, long activationElementsPerExample, int batchSize,
                             long bytes) {

    private static final int BYTES_PER_ELEMENT = 4;

    /**
     * Estimates a configuration for one input type and batch size.
     *
     * @param conf      the network configuration (not initialised)
     * @param input     the network's input type
     * @param batchSize examples per step
     * @return the estimate
     */
    public static MemoryEstimate of(ComputationGraphConfiguration conf, InputType input, int batchSize) {
        long params = 0;
        long filters = 0;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv) || lv.getLayerConf() == null) {
                continue;
            }
            Layer layer = lv.getLayerConf().getLayer();
            if (layer instanceof GroupFeatureConvolution c) {
                long f = multiply(multiply(c.getNOut(), c.getGroupSize()),
                        multiply(multiply(c.getNIn(), c.inputGroupSize()), (long) c.getKernelSize() * c.getKernelSize()));
                filters = add(filters, f);
                params = add(params, convolutionParameters(c, f));
            } else {
                params = add(params, layer.initializer().numParams(layer));
            }
        }
        long activations = 0;
        for (InputType t : conf.getLayerActivationTypes(input).values()) {
            activations = add(activations, t.arrayElementsPerExample());
        }
        long elements = add(add(multiply(4, params), multiply(2, filters)),
                multiply(2, multiply(batchSize, activations)));
        return new MemoryEstimate(params, filters, activations, batchSize, multiply(BYTES_PER_ELEMENT, elements));
    }

    /**
     * A weight-sharing convolution's parameters from its initializer, or, where that overflows at absurd
     * sizes, the lower bound f / G: the base kernels alone have nOut · nIn·Gin · k² elements.
     */
    private static long convolutionParameters(GroupFeatureConvolution c, long filterElements) {
        try {
            long n = c.initializer().numParams(c);
            if (n > 0) {
                return n;
            }
        } catch (RuntimeException e) {
            // int overflow inside DL4J's shape arithmetic: use the bound
        }
        return filterElements / Math.max(1, c.getGroupSize());
    }

    /**
     * The memory a run may use: the physical memory of the machine, or JavaCPP's limit on physical bytes
     * ({@code -Dorg.bytedeco.javacpp.maxPhysicalBytes}) when that is set lower.
     */
    public static long availableBytes() {
        long physical = Pointer.totalPhysicalBytes();
        long limit = Pointer.maxPhysicalBytes();
        if (physical <= 0) {
            return limit > 0 ? limit : Long.MAX_VALUE;
        }
        return limit > 0 ? Math.min(physical, limit) : physical;
    }

    /**
     * Refuses a run whose lower bound exceeds the available memory.
     *
     * @param what      the run, for the message (e.g. "wscnn with --channels 2000")
     * @param available bytes available ({@link #availableBytes()})
     * @throws InputException naming the parameter count, the estimate and the limit
     */
    public void requireFits(String what, long available) {
        if (bytes > available) {
            throw new InputException(what + " does not fit in memory: " + parameters + " parameters, "
                    + (filterElements > 0 ? filterElements + " materialised filter elements, " : "")
                    + "at least " + gib(bytes) + " to train with batch " + batchSize + ", but " + gib(available)
                    + " are available; use fewer --channels or a smaller --batch-size");
        }
    }

    static String gib(long bytes) {
        return bytes == Long.MAX_VALUE ? "more than 8 EiB" : String.format("%.1f GiB", bytes / (double) (1L << 30));
    }

    private static long add(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long multiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
