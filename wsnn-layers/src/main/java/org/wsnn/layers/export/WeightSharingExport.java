package org.wsnn.layers.export;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.wsnn.layers.PlainGroupConvolution;
import org.wsnn.layers.WeightSharingConvolution;
import org.wsnn.layers.inspect.LayerStacks;
import org.wsnn.layers.inspect.WeightSharingInspector;

import java.util.Map;

/**
 * Turns a network of weight-sharing layers into an equivalent network for inference in which every
 * {@link WeightSharingConvolution} is replaced by a {@link PlainGroupConvolution} holding its materialised
 * kernels (K = R · W computed once): same outputs, no Sinkhorn and no kernel construction per pass. All
 * other layers and their parameters are copied unchanged. The source network is not modified.
 */
public final class WeightSharingExport {

    private WeightSharingExport() {
    }

    /** Exported copy of a ComputationGraph. */
    public static ComputationGraph export(ComputationGraph source) {
        ComputationGraphConfiguration conf = source.getConfiguration().clone();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv) {
                replace(lv.getLayerConf());
            }
        }
        ComputationGraph exported = new ComputationGraph(conf);
        exported.init();
        for (org.deeplearning4j.nn.api.Layer layer : source.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            copyParams(layer, exported.getLayer(name), name);
        }
        return exported;
    }

    /** Exported copy of a MultiLayerNetwork. */
    public static MultiLayerNetwork export(MultiLayerNetwork source) {
        MultiLayerConfiguration conf = source.getLayerWiseConfigurations().clone();
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            replace(layerConf);
        }
        MultiLayerNetwork exported = new MultiLayerNetwork(conf);
        exported.init();
        for (int i = 0; i < source.getnLayers(); i++) {
            copyParams(source.getLayer(i), exported.getLayer(i), String.valueOf(i));
        }
        return exported;
    }

    /** The plain convolution that computes what a weight-sharing layer computes. */
    public static PlainGroupConvolution plainEquivalent(WeightSharingConvolution ws) {
        PlainGroupConvolution plain = new PlainGroupConvolution.Builder()
                .nIn(ws.getNIn()).nOut(ws.getNOut()).kernelSize(ws.getKernelSize()).groupSize(ws.getGroupSize())
                .inputGroups(ws.inputRank() == 5 ? ws.inputGroupSize() : 0)
                .convolutionMode(ws.getConvolutionMode()).hasBias(ws.isHasBias())
                .build();
        plain.setLayerName(ws.getLayerName());
        plain.setInputHeight(ws.getInputHeight());
        plain.setInputWidth(ws.getInputWidth());
        // everything DL4J configures on a layer carries over (a fine-tuned export trains as the source did)
        plain.setActivationFn(ws.getActivationFn());
        plain.setWeightInitFn(ws.getWeightInitFn());
        plain.setBiasInit(ws.getBiasInit());
        plain.setIUpdater(ws.getIUpdater());
        plain.setBiasUpdater(ws.getBiasUpdater());
        plain.setRegularization(ws.getRegularization());
        plain.setRegularizationBias(ws.getRegularizationBias());
        plain.setIDropout(ws.getIDropout());
        plain.setWeightNoise(ws.getWeightNoise());
        plain.setConstraints(ws.getConstraints());
        plain.setGradientNormalization(ws.getGradientNormalization());
        plain.setGradientNormalizationThreshold(ws.getGradientNormalizationThreshold());
        return plain;
    }

    private static void replace(NeuralNetConfiguration layerConf) {
        Layer layer = layerConf.getLayer();
        if (layer instanceof WeightSharingConvolution ws) {
            layerConf.setLayer(plainEquivalent(ws));
        }
    }

    private static void copyParams(org.deeplearning4j.nn.api.Layer from, org.deeplearning4j.nn.api.Layer to, String name) {
        LayerStacks stacks = WeightSharingInspector.inspect(from, name);
        if (stacks == null) {
            if (from.numParams() > 0) {
                to.params().assign(from.params());
            }
            return;
        }
        to.getParam(PlainGroupConvolution.WEIGHT_KEY).assign(stacks.kernelStack());
        WeightSharingConvolution conf = (WeightSharingConvolution) from.conf().getLayer();
        if (conf.isHasBias()) {
            to.getParam(PlainGroupConvolution.BIAS_KEY).assign(from.getParam(WeightSharingConvolution.BIAS_KEY));
        }
    }
}
