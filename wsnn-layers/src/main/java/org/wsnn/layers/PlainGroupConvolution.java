package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.Checks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain convolution between group feature maps: the filters {@code "W"} are stored directly in
 * PyTorch's OIHW layout {@code [nOut·G, nIn·Gin, k, k]} (filter o·G + g, input channel i·Gin + h), with
 * no weight sharing. It is what {@code WeightSharingExport} turns a trained weight-sharing layer into
 * (materialised kernels, the same outputs, no Sinkhorn at inference), and a plain CNN layer when
 * {@code groupSize = inputGroups = 1}.
 */
@Data
@EqualsAndHashCode(callSuper = true)
public class PlainGroupConvolution extends GroupFeatureConvolution {


    /** Size of the input group axis; 0 means image input {@code [B, C, H, W]}. */
    private int inputGroups;

    /** For JSON. */
    protected PlainGroupConvolution() {
    }

    protected PlainGroupConvolution(Builder b) {
        super(b);
        this.inputGroups = b.inputGroups;
        validateCommon();
        if (inputGroups < 0) {
            throw new IllegalArgumentException(describe() + ": inputGroups expected >= 0 (0 = image input), found " + inputGroups);
        }
        initializeConstraints(b);   // now that the parameter keys are known
    }

    @Override
    public int inputGroupSize() {
        return Math.max(1, inputGroups);
    }

    @Override
    public int inputRank() {
        return inputGroups == 0 ? 4 : 5;
    }

    /** {@code "W"} (the filters, OIYX {@code [nOut·G, nIn·Gin, k, k]}), then {@code "b"}. */
    @Override
    public LinkedHashMap<String, long[]> parameterShapes() {
        Checks.positive(describe(), "nIn", nIn);
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(WEIGHT_KEY, kernelShape().filterShape());
        return withBias(shapes);
    }

    /** W with the layer's weight init (default PyTorch's U(−1/√fanIn, 1/√fanIn), fanIn = nIn·Gin·k²); bias with DL4J's bias init. */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get(WEIGHT_KEY);
        double[] fans = fans();
        weightInitFn.init(fans[0], fans[1], w.shape(), 'c', w);
        initializeBias(params);
    }

    @Override
    protected org.wsnn.layers.runtime.GroupConvolutionLayer runtime(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
            org.nd4j.linalg.api.buffer.DataType networkDataType) {
        return new org.wsnn.layers.runtime.PlainGroupConvolution(conf, networkDataType);
    }

    /** Builder of {@link PlainGroupConvolution}. */
    public static class Builder extends GroupFeatureConvolution.Builder<Builder> {
        private int inputGroups;

        /** Size of the input group axis; 0 (default) for image input. */
        public Builder inputGroups(int inputGroups) {
            this.inputGroups = inputGroups;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public PlainGroupConvolution build() {
            return new PlainGroupConvolution(this);
        }
    }
}
