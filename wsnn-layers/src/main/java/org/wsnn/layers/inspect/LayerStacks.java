package org.wsnn.layers.inspect;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one weight-sharing layer of a network has learned.
 *
 * @param layerName           the layer's name (or index as text in a MultiLayerNetwork)
 * @param representationStack normalised stack {@code [G, d, d]}, identity included (element 0 when fixed)
 * @param kernelStack         materialised filters {@code [nOut·G, nIn·Gin, k, k]} (filter o·G + g)
 * @param learned             whether the stack is learned (false for a fixed group)
 */
public record LayerStacks(String layerName, INDArray representationStack, INDArray kernelStack, boolean learned) {
}
