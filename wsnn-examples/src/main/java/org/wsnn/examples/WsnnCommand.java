package org.wsnn.examples;

import org.wsnn.examples.bench.BenchmarkCommand;
import org.wsnn.examples.bench.LayerBenchmarkCommand;
import org.wsnn.examples.compare.CompareCommand;
import org.wsnn.examples.evaluate.EvalCommand;
import org.wsnn.examples.export.ExportCommand;
import org.wsnn.examples.inspect.InspectCommand;
import org.wsnn.examples.symmetry.LearnSymmetryCommand;
import org.wsnn.examples.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wsnn} command line. Each subcommand is its own class; register new ones in
 * {@link #subcommands()}.
 */
@Command(name = "wsnn", mixinStandardHelpOptions = true, version = "wsnn 0.1.0",
        description = "Learnable weight sharing with doubly stochastic tensors for Deeplearning4j.",
        subcommands = {CommandLine.HelpCommand.class})
public final class WsnnCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The subcommands, in the order {@code --help} lists them. */
    static Object[] subcommands() {
        return new Object[]{new LearnSymmetryCommand(), new TrainCommand(), new EvalCommand(),
            new InspectCommand(), new ExportCommand(), new org.wsnn.examples.harden.HardenCommand(), new CompareCommand(), new BenchmarkCommand(),
            new LayerBenchmarkCommand()};
    }

    /** A configured command line (used by {@link #main} and by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new WsnnCommand());
        for (Object sub : subcommands()) {
            cl.addSubcommand(sub);
        }
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
