package org.wsnn.onnx;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.layers.GroupBatchNorm;
import org.wsnn.layers.GroupFeatureConvolution;
import org.wsnn.layers.GroupLayerNorm;
import org.wsnn.layers.GroupPooling;
import org.wsnn.layers.PlainGroupConvolution;

import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * One DL4J layer at inference as ONNX operators. Shapes come from a DL4J forward pass of one example
 * ({@code inShape}, {@code outShape}, batch 1); every reshape keeps the batch axis symbolic ({@code -1}).
 *
 * <ul>
 *   <li>wsnn convolutions ({@link PlainGroupConvolution}; learned layers are materialised into it first):
 *       {@code Reshape [N, C·Gin, H, W]} (group input only), {@code Conv} with the {@code [nOut·G, nIn·Gin,
 *       k, k]} filters and the bias repeated over G, {@code Reshape [N, nOut, G, H', W']};</li>
 *   <li>{@link GroupLayerNorm}: per example over all non-batch axes, μ and biased σ² by {@code ReduceMean},
 *       {@code (x − μ) / sqrt(σ² + ε)}, optional {@code Relu};</li>
 *   <li>{@link GroupPooling}: {@code ReduceMean} / {@code ReduceMax} over the group axis 2;
 *       {@link GroupBatchNorm}: {@code BatchNormalization} with the running statistics;</li>
 *   <li>stock DL4J: {@code ConvolutionLayer} / {@code Convolution2D} (NCHW), {@code Convolution3D} (NCDHW),
 *       {@code SubsamplingLayer} / {@code Subsampling3DLayer} (max, average), {@code BatchNormalization},
 *       {@code GlobalPoolingLayer} (avg, max, sum), {@code DenseLayer}, {@code OutputLayer} ({@code Gemm}),
 *       {@code ActivationLayer}, {@code DropoutLayer} (identity at inference).</li>
 * </ul>
 * Anything else is refused with an {@link UnsupportedLayerException}.
 */
final class LayerOps {

    private LayerOps() {
    }

    /**
     * Translates one layer.
     *
     * @param layer    the runtime layer (its parameters)
     * @param name     its vertex name
     * @param input    the ONNX name of its input
     * @param inShape  its input's shape (batch 1)
     * @param outShape its output's shape (batch 1)
     * @return the ONNX name of its output
     */
    static String translate(OnnxGraph g, Layer layer, String name, String input, long[] inShape, long[] outShape) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof GroupFeatureConvolution c) {
            if (!(c instanceof PlainGroupConvolution)) {
                throw new IllegalStateException(name + ": learned convolutions are materialised before translation");
            }
            return groupConvolution(g, layer, c, name, input, inShape, outShape);
        }
        if (conf instanceof GroupLayerNorm n) {
            return layerNorm(g, n, name, input, inShape.length);
        }
        if (conf instanceof GroupPooling p) {
            return g.node(p.getPoolingType() == PoolingType.MAX ? "ReduceMax" : "ReduceMean", name, input,
                    OnnxGraph.ints("axes", 2), OnnxGraph.integer("keepdims", 0));
        }
        if (conf instanceof GroupBatchNorm bn) {
            long c = inShape[1];
            return g.node("BatchNormalization", name, new String[]{input,
                    g.constant(name + "_gamma", layer.getParam(GroupBatchNorm.GAMMA), c),
                    g.constant(name + "_beta", layer.getParam(GroupBatchNorm.BETA), c),
                    g.constant(name + "_mean", Nd4j.createFromArray(bn.getRunningMean()), c),
                    g.constant(name + "_var", Nd4j.createFromArray(bn.getRunningVar()), c)},
                    OnnxGraph.real("epsilon", bn.getEpsilon()));
        }
        if (conf.getClass() == ConvolutionLayer.class || conf.getClass() == Convolution2D.class) {
            return convolution2d(g, layer, (ConvolutionLayer) conf, name, input, inShape, outShape);
        }
        if (conf.getClass() == Convolution3D.class) {
            return convolution3d(g, layer, (Convolution3D) conf, name, input, inShape, outShape);
        }
        if (conf.getClass() == SubsamplingLayer.class) {
            SubsamplingLayer s = (SubsamplingLayer) conf;
            if (s.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                throw new UnsupportedLayerException(name, "a SubsamplingLayer in " + s.getCnn2dDataFormat(), "NCHW");
            }
            return pooling(g, name, input, s.getPoolingType(), s.getKernelSize(), s.getStride(), s.getDilation(),
                    pads(s.getConvolutionMode(), s.getPadding(), s.getKernelSize(), s.getStride(), s.getDilation(),
                            inShape, outShape, name), s.isAvgPoolIncludePadInDivisor());
        }
        if (conf.getClass() == Subsampling3DLayer.class) {
            Subsampling3DLayer s = (Subsampling3DLayer) conf;
            if (s.getDataFormat() != Convolution3D.DataFormat.NCDHW) {
                throw new UnsupportedLayerException(name, "a Subsampling3DLayer in " + s.getDataFormat(), "NCDHW");
            }
            return pooling(g, name, input, s.getPoolingType(), s.getKernelSize(), s.getStride(),
                    s.getDilation(), pads(s.getConvolutionMode(), s.getPadding(), s.getKernelSize(), s.getStride(),
                            s.getDilation(), inShape, outShape, name), true);
        }
        if (conf.getClass() == GlobalPoolingLayer.class) {
            return globalPooling(g, (GlobalPoolingLayer) conf, name, input, inShape.length);
        }
        if (conf.getClass() == BatchNormalization.class) {
            return batchNorm(g, layer, (BatchNormalization) conf, name, input, inShape);
        }
        if (conf.getClass() == DenseLayer.class || conf.getClass() == OutputLayer.class) {
            return dense(g, layer, (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf, name, input, inShape);
        }
        if (conf.getClass() == ActivationLayer.class) {
            return ActivationOps.apply(g, ((ActivationLayer) conf).getActivationFn(), input, name, inShape.length,
                    name);
        }
        if (conf.getClass() == DropoutLayer.class) {
            return input;
        }
        throw unsupported(name, conf);
    }

    /** The stock DL4J layer classes translated (exactly these: subclasses such as deconvolutions are not). */
    private static final java.util.Set<Class<?>> STOCK = java.util.Set.of(ConvolutionLayer.class,
            Convolution2D.class, Convolution3D.class, SubsamplingLayer.class, Subsampling3DLayer.class,
            GlobalPoolingLayer.class, BatchNormalization.class, DenseLayer.class, OutputLayer.class,
            ActivationLayer.class, DropoutLayer.class);

    /**
     * Refuses, before anything is computed, a layer of a kind the export does not translate.
     *
     * @throws UnsupportedLayerException naming the layer and its class
     */
    static void requireSupported(String name, org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (!(conf instanceof GroupFeatureConvolution || conf instanceof GroupLayerNorm || conf instanceof GroupPooling
                || conf instanceof GroupBatchNorm || STOCK.contains(conf.getClass()))) {
            throw unsupported(name, conf);
        }
    }

    private static UnsupportedLayerException unsupported(String name, org.deeplearning4j.nn.conf.layers.Layer conf) {
        return new UnsupportedLayerException(name, "a " + conf.getClass().getSimpleName(), "one of the layers "
                + "listed in docs/onnx.md (wsnn convolutions, GroupLayerNorm, GroupPooling, GroupBatchNorm, "
                + "ConvolutionLayer, Convolution3D, SubsamplingLayer, Subsampling3DLayer, BatchNormalization, "
                + "GlobalPoolingLayer, DenseLayer, OutputLayer, ActivationLayer, DropoutLayer)");
    }

    private static String groupConvolution(OnnxGraph g, Layer layer, GroupFeatureConvolution c, String name,
                                           String input, long[] inShape, long[] outShape) {
        String x = input;
        if (inShape.length == 5) {
            x = g.node("Reshape", name + "_in", new String[]{x, g.int64s(name + "_in_shape", -1,
                    inShape[1] * inShape[2], inShape[3], inShape[4])});
        }
        INDArray w = layer.getParam(PlainGroupConvolution.WEIGHT_KEY);
        long[] ws = w.shape();
        int k = c.getKernelSize();
        long pad = c.getConvolutionMode() == ConvolutionMode.Same ? (k - 1) / 2 : 0;
        String[] inputs;
        if (c.isHasBias()) {
            INDArray b = c.kernelShape().filterBias(layer.getParam(PlainGroupConvolution.BIAS_KEY));
            inputs = new String[]{x, g.constant(name + "_W", w, ws), g.constant(name + "_b", b, ws[0])};
        } else {
            inputs = new String[]{x, g.constant(name + "_W", w, ws)};
        }
        String y = g.node("Conv", name + "_conv", inputs, OnnxGraph.ints("kernel_shape", k, k),
                OnnxGraph.ints("pads", pad, pad, pad, pad), OnnxGraph.ints("strides", 1, 1));
        y = g.node("Reshape", name + "_out", new String[]{y, g.int64s(name + "_out_shape", -1, outShape[1],
                outShape[2], outShape[3], outShape[4])});
        return ActivationOps.apply(g, c.getActivationFn(), y, name, 5, name);
    }

    private static String layerNorm(OnnxGraph g, GroupLayerNorm n, String name, String input, int rank) {
        long[] axes = LongStream.range(1, rank).toArray();
        String mean = g.node("ReduceMean", name + "_mean", input, OnnxGraph.ints("axes", axes),
                OnnxGraph.integer("keepdims", 1));
        String centred = g.node("Sub", name + "_centred", new String[]{input, mean});
        String square = g.node("Mul", name + "_square", new String[]{centred, centred});
        String variance = g.node("ReduceMean", name + "_var", square, OnnxGraph.ints("axes", axes),
                OnnxGraph.integer("keepdims", 1));
        String shifted = g.node("Add", name + "_var_eps", new String[]{variance,
                g.constant(name + "_eps", (float) n.getEpsilon(), 1)});
        String std = g.node("Sqrt", name + "_std", shifted);
        String y = g.node("Div", name + (n.isRelu() ? "_normalised" : ""), new String[]{centred, std});
        return n.isRelu() ? g.node("Relu", name, y) : y;
    }

    private static String convolution2d(OnnxGraph g, Layer layer, ConvolutionLayer c, String name, String input,
                                        long[] inShape, long[] outShape) {
        if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw new UnsupportedLayerException(name, "a ConvolutionLayer in " + c.getCnn2dDataFormat(), "NCHW");
        }
        return convolution(g, layer, c, name, input, inShape, outShape, c.getKernelSize(), c.getStride(),
                c.getDilation(), c.getPadding());
    }

    private static String convolution3d(OnnxGraph g, Layer layer, Convolution3D c, String name, String input,
                                        long[] inShape, long[] outShape) {
        if (c.getDataFormat() != Convolution3D.DataFormat.NCDHW) {
            throw new UnsupportedLayerException(name, "a Convolution3D in " + c.getDataFormat(), "NCDHW");
        }
        return convolution(g, layer, c, name, input, inShape, outShape, c.getKernelSize(), c.getStride(),
                c.getDilation(), c.getPadding());
    }

    private static String convolution(OnnxGraph g, Layer layer, ConvolutionLayer c, String name, String input,
                                      long[] inShape, long[] outShape, int[] kernel, int[] stride, int[] dilation,
                                      int[] padding) {
        INDArray w = layer.getParam("W");
        String[] inputs = c.hasBias()
                ? new String[]{input, g.constant(name + "_W", w, w.shape()),
                g.constant(name + "_b", layer.getParam("b"), c.getNOut())}
                : new String[]{input, g.constant(name + "_W", w, w.shape())};
        String y = g.node("Conv", name + "_conv", inputs, OnnxGraph.ints("kernel_shape", longs(kernel)),
                OnnxGraph.ints("strides", longs(stride)), OnnxGraph.ints("dilations", longs(dilation)),
                OnnxGraph.ints("pads", pads(c.getConvolutionMode(), padding, kernel, stride, dilation, inShape,
                        outShape, name)));
        return ActivationOps.apply(g, c.getActivationFn(), y, name, outShape.length, name);
    }

    /**
     * ONNX pads {@code [begin..., end...]}: the configured padding (truncate/strict) or, for "same" mode,
     * DL4J's split of the total padding (the extra one at the end, as ONNX's SAME_UPPER).
     */
    private static long[] pads(ConvolutionMode mode, int[] padding, int[] kernel, int[] stride, int[] dilation,
                               long[] inShape, long[] outShape, String name) {
        int n = kernel.length;
        long[] pads = new long[2 * n];
        if (mode == ConvolutionMode.Causal) {
            throw new UnsupportedLayerException(name, "ConvolutionMode.Causal", "Truncate, Strict or Same");
        }
        for (int i = 0; i < n; i++) {
            if (mode == ConvolutionMode.Same) {
                long in = inShape[2 + i];
                long out = outShape[2 + i];
                long total = Math.max(0, (out - 1) * stride[i] + (long) (kernel[i] - 1) * dilation[i] + 1 - in);
                pads[i] = total / 2;
                pads[n + i] = total - total / 2;
            } else {
                pads[i] = padding[i];
                pads[n + i] = padding[i];
            }
        }
        return pads;
    }

    private static String pooling(OnnxGraph g, String name, String input, PoolingType type, int[] kernel,
                                  int[] stride, int[] dilation, long[] pads, boolean includePad) {
        for (int d : dilation) {
            if (d != 1) {
                throw new UnsupportedLayerException(name, "a dilated pooling layer", "dilation 1");
            }
        }
        if (type == PoolingType.MAX) {
            return g.node("MaxPool", name, input, OnnxGraph.ints("kernel_shape", longs(kernel)),
                    OnnxGraph.ints("strides", longs(stride)), OnnxGraph.ints("pads", pads));
        }
        if (type == PoolingType.AVG) {
            return g.node("AveragePool", name, input, OnnxGraph.ints("kernel_shape", longs(kernel)),
                    OnnxGraph.ints("strides", longs(stride)), OnnxGraph.ints("pads", pads),
                    OnnxGraph.integer("count_include_pad", includePad ? 1 : 0));
        }
        throw new UnsupportedLayerException(name, "pooling type " + type, "MAX or AVG");
    }

    private static String globalPooling(OnnxGraph g, GlobalPoolingLayer p, String name, String input, int rank) {
        long[] axes = LongStream.range(2, rank).toArray();
        if (p.getPoolingDimensions() != null && !Arrays.equals(longs(p.getPoolingDimensions()), axes)) {
            throw new UnsupportedLayerException(name, "pooling dimensions " + Arrays.toString(p.getPoolingDimensions()),
                    "all spatial axes " + Arrays.toString(axes));
        }
        String op = switch (p.getPoolingType()) {
            case AVG -> "ReduceMean";
            case MAX -> "ReduceMax";
            case SUM -> "ReduceSum";
            default -> throw new UnsupportedLayerException(name, "global pooling type " + p.getPoolingType(),
                    "AVG, MAX or SUM");
        };
        int keep = p.isCollapseDimensions() ? 0 : 1;
        if (op.equals("ReduceSum")) {   // opset 13: ReduceSum takes its axes as an input
            return g.node(op, name, new String[]{input, g.int64s(name + "_axes", axes)},
                    OnnxGraph.integer("keepdims", keep));
        }
        return g.node(op, name, input, OnnxGraph.ints("axes", axes), OnnxGraph.integer("keepdims", keep));
    }

    private static String batchNorm(OnnxGraph g, Layer layer, BatchNormalization bn, String name, String input,
                                    long[] inShape) {
        if (inShape.length == 4 && bn.getCnn2DFormat() != CNN2DFormat.NCHW) {
            throw new UnsupportedLayerException(name, "a BatchNormalization in " + bn.getCnn2DFormat(), "NCHW");
        }
        long c = inShape[1];
        INDArray gamma = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[]{c}, bn.getGamma())
                : layer.getParam("gamma");
        INDArray beta = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[]{c}, bn.getBeta())
                : layer.getParam("beta");
        INDArray mean = layer.getParam("mean");
        INDArray var;
        if (bn.isUseLogStd()) {
            // DL4J stores log10(std) and divides by std itself: var = std^2 - eps gives sqrt(var + eps) = std
            INDArray std = org.nd4j.linalg.ops.transforms.Transforms.pow(Nd4j.valueArrayOf(
                    layer.getParam("log10stdev").shape(), 10.0, layer.getParam("log10stdev").dataType()),
                    layer.getParam("log10stdev"));
            var = std.mul(std).sub(bn.getEps());
        } else {
            var = layer.getParam("var");
        }
        // DL4J's BatchNormalization runtime applies no activation function (its configuration inherits one)
        return g.node("BatchNormalization", name, new String[]{input, g.constant(name + "_gamma", gamma, c),
                g.constant(name + "_beta", beta, c), g.constant(name + "_mean", mean, c),
                g.constant(name + "_var", var, c)}, OnnxGraph.real("epsilon", bn.getEps()));
    }

    private static String dense(OnnxGraph g, Layer layer, org.deeplearning4j.nn.conf.layers.FeedForwardLayer d,
                                String name, String input, long[] inShape) {
        if (inShape.length != 2) {
            throw new UnsupportedLayerException(name, "a dense layer on a rank-" + inShape.length + " input without "
                    + "a preprocessor", "a [N, features] input");
        }
        INDArray w = layer.getParam("W");
        boolean bias = layer.conf().getLayer() instanceof DenseLayer dl ? dl.hasBias()
                : ((OutputLayer) layer.conf().getLayer()).hasBias();
        String y = bias
                ? g.node("Gemm", name + "_gemm", new String[]{input, g.constant(name + "_W", w, w.shape()),
                g.constant(name + "_b", layer.getParam("b"), d.getNOut())})
                : g.node("MatMul", name + "_matmul", new String[]{input, g.constant(name + "_W", w, w.shape())});
        return ActivationOps.apply(g, d.getActivationFn(), y, name, 2, name);
    }

    private static long[] longs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }
}
