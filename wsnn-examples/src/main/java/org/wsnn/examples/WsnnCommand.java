package org.wsnn.examples;

import org.deeplearning4j.util.CrashReportingUtil;
import org.wsnn.examples.bench.BenchmarkCommand;
import org.wsnn.examples.common.CliException;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.bench.LayerBenchmarkCommand;
import org.wsnn.examples.compare.CompareCommand;
import org.wsnn.examples.evaluate.EvalCommand;
import org.wsnn.examples.export.ExportCommand;
import org.wsnn.examples.inspect.InspectCommand;
import org.wsnn.examples.symmetry.LearnSymmetryCommand;
import org.wsnn.examples.train.TrainCommand;
import picocli.CommandLine;
import java.io.PrintWriter;
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
        // DL4J's memory crash dumps would land in the current folder; wsnn train directs them to its run folder
        CrashReportingUtil.crashDumpsEnabled(false);
        CommandLine cl = new CommandLine(new WsnnCommand());
        // every command runs its body through Commands.run; this catches what escapes anyway (one line, exit 1)
        cl.setExecutionExceptionHandler((e, line, parseResult) -> {
            PrintWriter err = line.getErr();
            err.println(Commands.describe(line.getCommandSpec().qualifiedName(), e));
            err.flush();
            return CliException.EXIT_CODE;
        });
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
