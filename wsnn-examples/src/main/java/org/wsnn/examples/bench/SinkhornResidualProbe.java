package org.wsnn.examples.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.sinkhorn.Sinkhorn;
import org.wsnn.layers.WeightSharingConvolution;

import java.io.File;

/**
 * How many Sinkhorn iterations the learned logits of a saved model need (a research tool, not a command):
 * for every weight-sharing layer with learned logits it prints their range and the residual
 * max |row or column sum − 1| of {@link Sinkhorn#normalize} after K = 20 (the layers' default), 50, 100,
 * 200, 500 and 2,000 iterations, in float64. A second line does the same for the logits' double-centred part
 * Θ − row means − column means + mean (per matrix), which has the same Sinkhorn limit: its range says how
 * much of the logits' spread is sharpening rather than row and column offsets.
 *
 * <pre>
 *   java -cp "wsnn-examples/target/wsnn-examples-0.1.0-SNAPSHOT.jar:$(cat wsnn-examples/target/classpath.txt)" \
 *       org.wsnn.examples.bench.SinkhornResidualProbe MODEL.zip
 * </pre>
 */
public final class SinkhornResidualProbe {

    private static final int[] ITERATIONS = {20, 50, 100, 200, 500, 2000};

    private SinkhornResidualProbe() {
    }

    public static void main(String[] a) throws Exception {
        if (a.length != 1) {
            System.err.println("usage: SinkhornResidualProbe MODEL.zip");
            System.exit(2);
        }
        ComputationGraph net = ModelSerializer.restoreComputationGraph(new File(a[0]), false);
        for (Layer layer : net.getLayers()) {
            if (!(layer.conf().getLayer() instanceof WeightSharingConvolution ws) || !ws.hasLearnedRepresentations()) {
                continue;
            }
            INDArray logits = layer.getParam(WeightSharingConvolution.REPRESENTATION_KEY).castTo(DataType.DOUBLE);
            System.out.println(line(ws.getLayerName(), "logits", logits));
            System.out.println(line(ws.getLayerName(), "centred", doubleCentred(logits)));
        }
    }

    private static String line(String layer, String what, INDArray logits) {
        StringBuilder out = new StringBuilder(String.format("%-6s %-7s %.1f .. %.1f, residual after K iterations:",
                layer, what, logits.minNumber().doubleValue(), logits.maxNumber().doubleValue()));
        for (int k : ITERATIONS) {
            out.append(String.format(" K=%d %.2e", k, Sinkhorn.residual(Sinkhorn.normalize(logits, k))));
        }
        return out.toString();
    }

    /** Θ_g − mean over columns − mean over rows + mean, for each matrix g of a [G, d, d] stack. */
    static INDArray doubleCentred(INDArray logits) {
        INDArray rowMeans = logits.mean(true, 2);
        INDArray columnMeans = logits.mean(true, 1);
        INDArray means = logits.mean(true, 1, 2);
        return logits.sub(rowMeans).subi(columnMeans).addi(means);
    }
}
