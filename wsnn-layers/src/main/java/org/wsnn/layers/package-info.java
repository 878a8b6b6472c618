/**
 * Deeplearning4j layer configurations for weight-sharing networks, usable in {@code MultiLayerNetwork}
 * and {@code ComputationGraph}, serialisable to JSON and with {@code ModelSerializer}.
 *
 * <ul>
 *   <li>{@link org.wsnn.layers.WeightSharingLifting}: image → group feature map.</li>
 *   <li>{@link org.wsnn.layers.WeightSharingGroupConv}: group feature map → group feature map.</li>
 *   <li>{@link org.wsnn.layers.GroupPooling}: pooling over the group axis.</li>
 *   <li>{@link org.wsnn.layers.SinkhornLayer}: logits → doubly stochastic matrices.</li>
 *   <li>{@link org.wsnn.layers.PlainGroupConvolution}: materialised (exported) convolution.</li>
 * </ul>
 * What the weight-sharing layers share about their stacks is one {@link org.wsnn.layers.RepresentationStack};
 * {@link org.wsnn.layers.DiscoveryRecipe} sets how its logits are trained (the paper's or the fast recipe).
 *
 * <p>One tensor layout throughout: group feature maps are {@code [batch, channels, group, height, width]},
 * declared as {@code InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, G, H, W, C)}.
 */
package org.wsnn.layers;
