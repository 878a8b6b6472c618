/**
 * What a trained weight-sharing network becomes: plain convolutions with materialised kernels for inference
 * ({@link org.wsnn.layers.export.WeightSharingExport}), or the exact G-CNN of the group its stacks round to
 * ({@link org.wsnn.layers.export.StackHardening}).
 */
package org.wsnn.layers.export;
