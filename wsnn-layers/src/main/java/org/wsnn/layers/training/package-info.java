/**
 * Training safeguards that work with any DL4J network: {@link org.wsnn.layers.training.DivergenceGuard}
 * stops training at the first NaN or infinite score, before a damaged network can be saved.
 */
package org.wsnn.layers.training;
