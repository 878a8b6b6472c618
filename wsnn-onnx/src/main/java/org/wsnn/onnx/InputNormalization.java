package org.wsnn.onnx;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/**
 * A DL4J input normaliser as the ONNX graph's first nodes, with the statistics broadcast per channel
 * (axis 1, DL4J's convention for image features) or, when there is one value per feature, element-wise:
 * <pre>
 *   NormalizerStandardize:   x' = (x − mean) / std
 *   NormalizerMinMaxScaler:  x' = (x − min) / (max − min) · (maxRange − minRange) + minRange
 * </pre>
 */
final class InputNormalization {

    private InputNormalization() {
    }

    /**
     * @param normalizer the normaliser, or null for none
     * @param shape      the network's input shape with batch 1
     * @return the name of the normalised input
     * @throws UnsupportedLayerException for a normaliser of another kind
     */
    static String apply(OnnxGraph g, Normalizer<?> normalizer, String input, long[] shape) {
        if (normalizer == null) {
            return input;
        }
        if (normalizer instanceof NormalizerStandardize s) {
            String centred = g.node("Sub", "normalizer_centred", new String[]{input,
                    g.constant("normalizer_mean", s.getMean(), broadcast(s.getMean(), shape))});
            return g.node("Div", "normalized", new String[]{centred,
                    g.constant("normalizer_std", s.getStd(), broadcast(s.getStd(), shape))});
        }
        if (normalizer instanceof NormalizerMinMaxScaler m) {
            INDArray range = m.getMax().sub(m.getMin());
            double target = m.getTargetMax() - m.getTargetMin();
            INDArray scale = org.nd4j.linalg.factory.Nd4j.valueArrayOf(range.shape(), target, range.dataType())
                    .div(range);
            String shifted = g.node("Sub", "normalizer_shifted", new String[]{input,
                    g.constant("normalizer_min", m.getMin(), broadcast(m.getMin(), shape))});
            String scaled = g.node("Mul", "normalizer_scaled", new String[]{shifted,
                    g.constant("normalizer_scale", scale, broadcast(scale, shape))});
            return g.node("Add", "normalized", new String[]{scaled,
                    g.constant("normalizer_target_min", (float) m.getTargetMin(), 1)});
        }
        throw new UnsupportedLayerException("input", "normaliser " + normalizer.getClass().getSimpleName(),
                "NormalizerStandardize or NormalizerMinMaxScaler (or none)");
    }

    /** {@code [1, C, 1, …]} for per-channel statistics, else the input shape itself. */
    private static long[] broadcast(INDArray stat, long[] shape) {
        long[] b = new long[shape.length];
        java.util.Arrays.fill(b, 1);
        if (stat.length() == shape[1] && shape.length > 2) {
            b[1] = shape[1];
            return b;
        }
        long features = 1;
        for (int i = 1; i < shape.length; i++) {
            features *= shape[i];
        }
        if (stat.length() != features) {
            throw new UnsupportedLayerException("input", "normaliser statistics of " + stat.length() + " values",
                    shape[1] + " (per channel) or " + features + " (per feature)");
        }
        System.arraycopy(shape, 1, b, 1, shape.length - 1);
        return b;
    }
}
