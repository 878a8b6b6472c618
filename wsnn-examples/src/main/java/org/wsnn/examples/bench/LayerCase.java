package org.wsnn.examples.bench;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.wsnn.examples.common.CliException;
import org.wsnn.layers.FixedGroup;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.layers.WeightSharingGroupConv;
import org.wsnn.layers.WeightSharingLifting;

import java.util.Locale;

/**
 * One configuration of {@code wsnn benchmark-layer}: one weight-sharing layer (group convolution or lifting),
 * its group size G and kernel size k, and whether its stack is a fixed group (C4, C8, C16) or learned
 * (Sinkhorn-normalised logits, {@value WeightSharingConvolution#DEFAULT_SINKHORN_ITERATIONS} iterations).
 *
 * <p>Sizes, with Gin = G for the group convolution and 1 for lifting, d = Gin·k², B the batch, C the
 * input channels, C' = nOut, H' = H − k + 1 (no padding):
 * <pre>
 *   input        [B, C, G, H, H] (group convolution) or [B, C, H, H] (lifting)
 *   "W"          C'·C·d           "b" C'            "R" (learned only) (G − 1)·d²
 *   stack        G·d²             filters           C'·G·C·d            output B·C'·G·H'·H'
 * </pre>
 * {@link #tensorBytes()} adds parameters, stack, filters and output at 4 bytes (float32): the tensors one
 * inference pass of the layer must hold besides its input.
 *
 * @param layer      which layer
 * @param groupSize  G (4, 8 or 16)
 * @param kernelSize k
 * @param learned    learned stack (else the fixed group of order G)
 * @param input      batch, channels, spatial size and output channels
 */
record LayerCase(Kind layer, int groupSize, int kernelSize, boolean learned, Input input) {

    /** The two weight-sharing convolutions. */
    enum Kind {
        /** {@link WeightSharingGroupConv}: group feature map in, group feature map out. */
        GROUP,
        /** {@link WeightSharingLifting}: image in, group feature map out. */
        LIFTING;

        String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Input and output sizes shared by every case of a run.
     *
     * @param batch    B
     * @param channels C
     * @param size     H = W
     * @param nOut     output channels C'
     */
    record Input(int batch, int channels, int size, int nOut) {
    }

    /** The fixed group of order G. */
    static FixedGroup fixedGroupOfOrder(int groupSize) {
        return switch (groupSize) {
            case 4 -> FixedGroup.C4;
            case 8 -> FixedGroup.C8;
            case 16 -> FixedGroup.C16;
            default -> throw new CliException("--group-sizes expected 4, 8 or 16 (the orders of the fixed groups"
                    + " C4, C8, C16), found " + groupSize);
        };
    }

    /** Input group size Gin. */
    int inputGroupSize() {
        return layer == Kind.GROUP ? groupSize : 1;
    }

    /** d = Gin·k², the side of every stack matrix. */
    long tapDimension() {
        return (long) inputGroupSize() * kernelSize * kernelSize;
    }

    /** "C8 (fixed)" or "learned". */
    String stackName() {
        return learned ? "learned" : fixedGroupOfOrder(groupSize) + " (fixed)";
    }

    /** Input shape. */
    long[] inputShape() {
        return layer == Kind.GROUP
                ? new long[]{input.batch(), input.channels(), groupSize, input.size(), input.size()}
                : new long[]{input.batch(), input.channels(), input.size(), input.size()};
    }

    /** Number of parameters: W, b and (learned) R. */
    long parameters() {
        long d = tapDimension();
        long weights = (long) input.nOut() * input.channels() * d + input.nOut();
        return weights + (learned ? (groupSize - 1L) * d * d : 0);
    }

    /** Bytes (float32) of parameters + stack + materialised filters + output of one pass. */
    long tensorBytes() {
        long d = tapDimension();
        long out = input.size() - kernelSize + 1L;
        long stack = groupSize * d * d;
        long filters = (long) input.nOut() * groupSize * input.channels() * d;
        long output = (long) input.batch() * input.nOut() * groupSize * out * out;
        return 4 * (parameters() + stack + filters + output);
    }

    /** A one-layer float32 network of this case (seed 1, no updater). */
    MultiLayerNetwork network() {
        Layer conf = layer == Kind.GROUP ? configure(new WeightSharingGroupConv.Builder()).build()
                : configure(new WeightSharingLifting.Builder()).build();
        InputType in = layer == Kind.GROUP
                ? InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, groupSize, input.size(), input.size(),
                input.channels())
                : InputType.convolutional(input.size(), input.size(), input.channels());
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new NoOp()).list().layer(conf).setInputType(in).build());
        net.init();
        return net;
    }

    private <T extends WeightSharingConvolution.Builder<T>> T configure(T b) {
        b.nOut(input.nOut()).kernelSize(kernelSize).groupSize(groupSize)
                .sinkhornIterations(WeightSharingConvolution.DEFAULT_SINKHORN_ITERATIONS);
        return learned ? b : b.fixedGroup(fixedGroupOfOrder(groupSize));
    }

    /** The hidden {@code --one} form: {@code layer,G,k,fixed|learned}. */
    String spec() {
        return layer.cliName() + "," + groupSize + "," + kernelSize + "," + (learned ? "learned" : "fixed");
    }

    /** Parses {@link #spec()}. */
    static LayerCase parse(String spec, Input input) {
        String[] p = spec.split(",");
        if (p.length != 4 || !(p[3].equals("fixed") || p[3].equals("learned"))) {
            throw new CliException("--one expected layer,G,k,fixed|learned, found " + spec);
        }
        try {
            Kind kind = Kind.valueOf(p[0].toUpperCase(Locale.ROOT));
            return new LayerCase(kind, Integer.parseInt(p[1]), Integer.parseInt(p[2]), p[3].equals("learned"), input);
        } catch (IllegalArgumentException e) {
            throw new CliException("--one expected layer (group or lifting),G,k,fixed|learned, found " + spec, e);
        }
    }
}
