package org.wsnn.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * Training accuracy at no extra forward pass: DL4J hands the activations of the training step's forward
 * pass to {@link #onForwardPass}; the output layer itself is not run there, so its logits are recomputed
 * from its input (one small matrix product: the zoo's output layer is dense, {@code x·W + b}, and softmax
 * does not change the argmax). When the network does not have that shape, the accuracy is NaN.
 */
final class BatchAccuracy extends BaseTrainingListener {

    private INDArray labels;
    private long correct;
    private long seen;

    /** Sets the labels of the next training step. */
    void expect(INDArray labels) {
        this.labels = labels;
    }

    /** Starts counting afresh. */
    void clear() {
        correct = 0;
        seen = 0;
    }

    /** @return accuracy since {@link #clear()}, NaN when nothing was counted */
    double accuracy() {
        return seen == 0 ? Double.NaN : correct / (double) seen;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        if (labels == null || !(model instanceof ComputationGraph net)) {
            return;
        }
        List<String> outputs = net.getConfiguration().getNetworkOutputs();
        if (outputs.size() != 1) {
            return;
        }
        String out = outputs.get(0);
        List<String> inputs = net.getConfiguration().getVertexInputs().get(out);
        INDArray x = inputs == null || inputs.size() != 1 ? null : activations.get(inputs.get(0));
        org.deeplearning4j.nn.api.Layer layer = net.getLayer(out);
        if (x == null || x.rank() != 2 || layer == null || layer.getParam("W") == null || layer.getParam("b") == null) {
            return;
        }
        INDArray logits = x.mmul(layer.getParam("W")).addiRowVector(layer.getParam("b"));
        INDArray predicted = logits.argMax(1);
        INDArray truth = labels.argMax(1);
        long n = predicted.length();
        correct += predicted.eq(truth).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        seen += n;
        labels = null;
    }
}
