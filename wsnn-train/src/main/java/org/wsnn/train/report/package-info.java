/**
 * What a trained network's weight-sharing layers learned: convex fits of every stack element against
 * reference groups (C4 rotations, flips, the C4 shift-twist) and the group each stack rounds to without a
 * reference, as text and JSON ({@link org.wsnn.train.report.RepresentationReport}).
 */
package org.wsnn.train.report;
