package org.wsnn.examples.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.layers.GroupFeatureConvolution;

import java.util.ArrayList;
import java.util.List;

/**
 * The least time any FP32 network with the same convolutions can take at inference here: ND4J's native
 * {@code conv2d} (oneDNN) alone, on random arrays of exactly the shapes of a network's wsnn convolutions,
 * one after the other, nothing else (no filters to build, no normalisation, no pooling). Also reports the
 * multiply–add rate it reaches, 2·B·C_out·C_in·k²·H'·W' FLOP per convolution.
 */
final class ConvolutionFloor {

    /** Median milliseconds of the convolutions together, and their GFLOP per pass. */
    record Result(double ms, double gflop) {
        double gflopPerSecond() {
            return gflop / ms * 1e3;
        }
    }

    private ConvolutionFloor() {
    }

    static Result measure(ComputationGraph net, long batch, long height, long width, int warmup, int runs) {
        List<Runnable> convs = new ArrayList<>();
        double flop = 0;
        long h = height;
        long w = width;
        for (Layer layer : net.getLayers()) {
            if (!(layer.conf().getLayer() instanceof GroupFeatureConvolution conf)) {
                continue;
            }
            long in = conf.getNIn() * conf.inputGroupSize();
            long out = (long) conf.getNOut() * conf.getGroupSize();
            long oh = conf.outputSize(h);
            long ow = conf.outputSize(w);
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, in, h, w);
            INDArray filters = Nd4j.rand(DataType.FLOAT, out, in, conf.getKernelSize(), conf.getKernelSize());
            INDArray y = Nd4j.create(DataType.FLOAT, batch, out, oh, ow);
            convs.add(() -> Nd4j.exec(new Conv2D(x, filters, null, y, conf.convolutionConfig())));
            flop += 2.0 * batch * out * in * conf.getKernelSize() * conf.getKernelSize() * oh * ow;
            h = oh;
            w = ow;
        }
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < warmup + runs; r++) {
            long t = System.nanoTime();
            convs.forEach(Runnable::run);
            if (r >= warmup) {
                times.add((System.nanoTime() - t) / 1e6);
            }
        }
        return new Result(StepTimer.median(times), flop / 1e9);
    }
}
