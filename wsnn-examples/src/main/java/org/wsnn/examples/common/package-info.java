/**
 * What the command-line commands share on top of the {@code wsnn-train} library: the one error handler
 * ({@link org.wsnn.examples.common.Commands}), output-path rules ({@code --force}, never onto an input),
 * picocli converters for the model and data choices, the progress bar, and command-line errors.
 */
package org.wsnn.examples.common;
