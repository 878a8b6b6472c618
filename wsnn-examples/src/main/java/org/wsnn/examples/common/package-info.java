/**
 * What the model-level commands ({@code train}, {@code eval}, {@code inspect}, {@code export},
 * {@code compare}) share: the model and data choices, checkpoints (written atomically, with updater state
 * and a small JSON record of how they were made), the training loop with its progress bar, the
 * representation report (convex fits of learned stacks against C4 and flips) and user-facing errors.
 */
package org.wsnn.examples.common;
