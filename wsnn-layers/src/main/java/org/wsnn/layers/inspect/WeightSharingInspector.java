package org.wsnn.layers.inspect;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.layers.kernel.StackKernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads, from a trained network, each weight-sharing layer's normalised representation stack and its
 * materialised kernel stack (see {@link WeightSharingConvolution#representationStack} and
 * {@link StackKernel#materialize}).
 */
public final class WeightSharingInspector {

    private WeightSharingInspector() {
    }

    /** Stacks of every weight-sharing layer of a ComputationGraph, in topological order. */
    public static List<LayerStacks> inspect(ComputationGraph net) {
        List<LayerStacks> out = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            add(out, layer, layer.conf().getLayer().getLayerName());
        }
        return out;
    }

    /** Stacks of every weight-sharing layer of a MultiLayerNetwork, in layer order. */
    public static List<LayerStacks> inspect(MultiLayerNetwork net) {
        List<LayerStacks> out = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            String name = layer.conf().getLayer().getLayerName();
            add(out, layer, name == null ? String.valueOf(i) : name);
        }
        return out;
    }

    /** Stacks of one runtime layer, or null when it is not a weight-sharing layer. */
    public static LayerStacks inspect(Layer layer, String name) {
        if (!(layer.conf().getLayer() instanceof WeightSharingConvolution conf)) {
            return null;
        }
        INDArray weights = layer.getParam(WeightSharingConvolution.WEIGHT_KEY);
        INDArray logits = conf.hasLearnedRepresentations() ? layer.getParam(WeightSharingConvolution.REPRESENTATION_KEY) : null;
        INDArray stack = conf.representationStack(logits, weights.dataType());
        return new LayerStacks(name, stack, StackKernel.materialize(conf.kernelShape(), weights, stack), conf.hasLearnedRepresentations());
    }

    private static void add(List<LayerStacks> out, Layer layer, String name) {
        LayerStacks s = inspect(layer, name);
        if (s != null) {
            out.add(s);
        }
    }
}
