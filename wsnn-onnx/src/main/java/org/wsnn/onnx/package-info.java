/**
 * Export of trained networks to ONNX ({@link org.wsnn.onnx.OnnxExport}): learned weight sharing
 * materialised into plain convolutions, wsnn's group layers and the stock DL4J layers written as standard
 * ONNX operators (opset 17), the input normaliser folded in, so that ONNX Runtime serves the model
 * without wsnn or DL4J. Unsupported layers are refused by name ({@link org.wsnn.onnx.UnsupportedLayerException}).
 */
package org.wsnn.onnx;
