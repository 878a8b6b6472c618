/**
 * Training wsnn models as a library, with no command-line, logging-binding, plotting or terminal library:
 * {@link org.wsnn.train.Trainer} (the loop, with a divergence guard and per-epoch callbacks),
 * {@link org.wsnn.train.TrainingProgress} (where progress goes) and {@link org.wsnn.train.InputException}
 * (errors caused by the caller's input, with one-line messages). The {@code wsnn} command line is a thin
 * layer over this module.
 *
 * <pre>{@code
 * // a run in a folder: checkpoint.zip after every epoch, model.zip at the end, exact resume
 * TrainingRun run = TrainingRun.start(new TrainingRun.Settings(ModelChoice.WSCNN, DataChoice.ROTATED,
 *         null, 42, -1, 64, -1, -1), new File("runs/wscnn"));
 * run.network().addListeners(new ScoreIterationListener(50));   // DL4J listeners keep working
 * run.fit(4, TrainingProgress.NONE);
 * Evaluation eval = run.evaluate();
 * RepresentationReport.of(run.network(), RepresentationReport.Truth.C4).print(new PrintWriter(System.out, true));
 * // later, or after a crash:
 * TrainingRun.resume(new File("runs/wscnn"), null, -1, false).fit(8, TrainingProgress.NONE);
 *
 * // or only the loop, on any ComputationGraph and TransformedImageIterator:
 * Trainer.train(net, iterator, 0, epochs, "my-net", TrainingProgress.NONE, epoch -> save(net));
 * }</pre>
 */
package org.wsnn.train;
