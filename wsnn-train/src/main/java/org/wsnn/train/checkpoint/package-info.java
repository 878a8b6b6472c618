/**
 * Checkpoints with exact resume: DL4J {@code ModelSerializer} zips (configuration, parameters, updater
 * state, the input normaliser) plus a small JSON run record ({@link org.wsnn.train.checkpoint.CheckpointInfo}),
 * replaced atomically and fsynced ({@link org.wsnn.train.checkpoint.AtomicFiles}), and checked on loading so
 * that a foreign, truncated or mismatched file gets a message that names what it is.
 */
package org.wsnn.train.checkpoint;
