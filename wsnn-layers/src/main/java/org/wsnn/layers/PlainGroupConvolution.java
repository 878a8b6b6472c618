package org.wsnn.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.core.Checks;

import java.util.Map;

/**
 * A plain convolution between group feature maps: the filters {@code "W"} are stored directly in
 * PyTorch's OIHW layout {@code [nOut·G, nIn·Gin, k, k]} (filter o·G + g, input channel i·Gin + h), with
 * no weight sharing. It is what {@code WeightSharingExport} turns a trained weight-sharing layer into
 * (materialised kernels, the same outputs, no Sinkhorn at inference), and a plain CNN layer when
 * {@code groupSize = inputGroups = 1}.
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class PlainGroupConvolution extends GroupFeatureConvolution {

    /** Parameter key of the filters. */
    public static final String WEIGHT_KEY = "W";

    /** Size of the input group axis; 0 means image input {@code [B, C, H, W]}. */
    private int inputGroups;

    protected PlainGroupConvolution(Builder b) {
        super(b);
        this.inputGroups = b.inputGroups;
        validateCommon();
        if (inputGroups < 0) {
            throw new IllegalArgumentException(describe() + ": inputGroups expected >= 0 (0 = image input), found " + inputGroups);
        }
    }

    @Override
    public int inputGroupSize() {
        return Math.max(1, inputGroups);
    }

    @Override
    public int inputRank() {
        return inputGroups == 0 ? 4 : 5;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        Checks.positive(describe(), "nIn", nIn);
        params.clear();
        params.addWeightParam(WEIGHT_KEY, nOut * groupSize, nIn * inputGroupSize(), kernelSize, kernelSize);
        if (hasBias) {
            params.addBiasParam(BIAS_KEY, 1, nOut);
        }
    }

    /** W ~ U(−1/√fanIn, 1/√fanIn) with fanIn = nIn·Gin·k²; bias 0. */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get(WEIGHT_KEY);
        double bound = 1.0 / Math.sqrt((double) nIn * inputGroupSize() * kernelSize * kernelSize);
        w.assign(Nd4j.rand(w.dataType(), w.shape()).muli(2 * bound).subi(bound));
        initializeBias(params);
    }

    /** The filters are the parameter {@code "W"} itself (OIHW = the convolution's OIYX layout, no copy). */
    @Override
    public FilterPass filterPass(Map<String, INDArray> params) {
        INDArray filters = params.get(WEIGHT_KEY);
        return new FilterPass() {
            @Override
            public INDArray filters() {
                return filters;
            }

            @Override
            public void backward(INDArray gradFilters, Map<String, INDArray> gradViews) {
                gradViews.get(WEIGHT_KEY).assign(gradFilters);
            }
        };
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
