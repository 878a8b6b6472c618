/** {@code wsnn train}: trains a zoo model on transformed images with checkpoints, evaluation and a report of the learned symmetries. */
package org.wsnn.examples.train;
