/** Export of trained weight-sharing networks to plain convolutions with materialised kernels, for inference. */
package org.wsnn.layers.export;
