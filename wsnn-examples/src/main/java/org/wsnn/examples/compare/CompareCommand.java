package org.wsnn.examples.compare;

import org.wsnn.train.Trainer;
import org.wsnn.train.checkpoint.AtomicFiles;
import org.wsnn.train.registry.DataChoice;
import org.wsnn.train.registry.ModelChoice;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wsnn.data.TransformedImageIterator;
import org.wsnn.examples.common.CliChoices;
import org.wsnn.examples.common.CliException;
import org.wsnn.examples.common.Commands;
import org.wsnn.examples.common.ProgressBarProgress;
import org.wsnn.examples.common.OutputPaths;
import org.wsnn.zoo.ParameterCounts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code wsnn compare}: trains each model on each data choice with the same budget (epochs, examples,
 * batch size, seed) and prints a markdown table shaped like the paper's Table 1 (model, parameters,
 * accuracy per data set), also written to {@code DIR/compare.md} (and {@code DIR/compare.json}).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train CNN, GCNN and WSCNN on the same data and budget and print a table like the paper's "
                + "Table 1.", "Writes DIR/compare.md and DIR/compare.json."})
public final class CompareCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(CompareCommand.class);

    /** Table file name. */
    public static final String TABLE_FILE = "compare.md";
    /** Results file name. */
    public static final String JSON_FILE = "compare.json";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--models", paramLabel = "M", split = ",", converter = CliChoices.ModelConverter.class,
            description = "Models, comma separated (default cnn,gcnn,wscnn).")
    List<ModelChoice> models = List.of(ModelChoice.CNN, ModelChoice.GCNN, ModelChoice.WSCNN);

    @Option(names = "--data", paramLabel = "D", split = ",", converter = CliChoices.DataConverter.class,
            description = "Data, comma separated, one table column each: ${COMPLETION-CANDIDATES} (default rotated).",
            completionCandidates = CliChoices.DataNames.class)
    List<DataChoice> data = List.of(DataChoice.ROTATED);

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with MNIST-format IDX files or CIFAR-10 binary batches (default: the usual search).")
    File dataDir;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per model (default ${DEFAULT-VALUE}).")
    Integer epochs = 1;

    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size (default ${DEFAULT-VALUE}).")
    Integer batchSize = 64;

    @Option(names = "--train-examples", paramLabel = "N", description = "Training examples per epoch (default: all).")
    Integer trainExamples;

    @Option(names = "--test-examples", paramLabel = "N", description = "Test examples (default: all).")
    Integer testExamples;

    @Option(names = "--channels", paramLabel = "MODEL=N",
            description = "Channels of a model, e.g. --channels cnn=8 --channels wscnn=4 (default: the paper's, "
                    + "cnn 64, gcnn 16, wscnn 32, the resnets 32).")
    Map<String, Integer> channels = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "N", description = "Seed of initialisation, transforms and order (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default wsnn-runs/compare).")
    File out;

    @Option(names = "--no-progress", description = "Do not draw progress bars on stderr.")
    boolean noProgress;

    /** One trained model on one data set. */
    record Row(ModelChoice model, int channels, ParameterCounts parameters, DataChoice data, double accuracy,
               double secondsPerEpoch, int trainExamples, int testExamples) {
    }

    @Option(names = "--force", description = "Overwrite the table and JSON of an earlier comparison in --out.")
    boolean force;

    @Override
    public Integer call() {
        return Commands.run(spec, this::compare);
    }

    private int compare() throws IOException {
        int n = Commands.positive(spec, "--epochs", epochs);
        Commands.positive(spec, "--batch-size", batchSize);
        Commands.positive(spec, "--train-examples", trainExamples);
        Commands.positive(spec, "--test-examples", testExamples);
        for (DataChoice d : data) {
            models.forEach(m -> m.requireCompatible(d));
        }
        Map<ModelChoice, Integer> width = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : channels.entrySet()) {
            ModelChoice m;
            try {
                m = ModelChoice.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new CliException("--channels: " + ex.getMessage());
            }
            Commands.positive(spec, "--channels " + e.getKey(), e.getValue());
            width.put(m, e.getValue());
        }
        File dir = OutputPaths.folder("--out", out != null ? out : new File("wsnn-runs", "compare"), force,
                OutputPaths.named(List.of(TABLE_FILE, JSON_FILE)));
        for (ModelChoice m : models) {
            m.requireFits(width.getOrDefault(m, m.defaultChannels()), batchSize);
        }
        boolean folderMade = false;

        List<Row> rows = new ArrayList<>();
        for (DataChoice d : data) {
            TransformedImageIterator test = d.iterator(dataDir, false, testExamples == null ? -1 : testExamples,
                    batchSize, seed);
            if (!folderMade) {
                OutputPaths.createFolder("--out", dir);   // once the data is known to load
                folderMade = true;
            }
            for (ModelChoice m : models) {
                TransformedImageIterator train = d.iterator(dataDir, true,
                        trainExamples == null ? -1 : trainExamples, batchSize, seed);
                int c = width.getOrDefault(m, m.defaultChannels());
                ComputationGraph net = m.build(c, seed);
                log.info("compare: {} ({} channels, {}) on {}", m.cliName(), c, ParameterCounts.of(net), d.cliName());
                List<Trainer.Epoch> trained = Trainer.train(net, train, 0, n, m.cliName() + " " + d.cliName(),
                        ProgressBarProgress.on(noProgress ? null : System.err), null);
                Evaluation evaluation = Trainer.evaluate(net, test);
                double seconds = trained.stream().mapToDouble(Trainer.Epoch::seconds).average().orElse(Double.NaN);
                rows.add(new Row(m, c, ParameterCounts.of(net), d, evaluation.accuracy(), seconds, train.numExamples(),
                        test.numExamples()));
                log.info("compare: {} on {}: test accuracy {}", m.cliName(), d.cliName(),
                        String.format("%.4f", evaluation.accuracy()));
            }
        }
        String table = table(rows);
        PrintWriter o = spec.commandLine().getOut();
        o.print(table);
        o.flush();
        AtomicFiles.write(new File(dir, TABLE_FILE).toPath(), table.getBytes(StandardCharsets.UTF_8));
        List<Map<String, Object>> json = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", r.model().cliName());
            m.put("channels", r.channels());
            m.put("params", r.parameters().weights());
            m.put("representationParams", r.parameters().logits());
            m.put("data", r.data().cliName());
            m.put("testAccuracy", r.accuracy());
            m.put("secondsPerEpoch", r.secondsPerEpoch());
            m.put("epochs", n);
            m.put("trainExamples", r.trainExamples());
            m.put("testExamples", r.testExamples());
            m.put("seed", seed);
            json.add(m);
        }
        AtomicFiles.writeJson(new File(dir, JSON_FILE).toPath(), json);
        o.printf("wrote %s%n", new File(dir, TABLE_FILE).getPath());
        o.flush();
        return 0;
    }

    private String table(List<Row> rows) {
        Row first = rows.get(0);
        StringBuilder s = new StringBuilder();
        s.append(String.format("Test accuracy (%%) after %d epoch(s) of %d training images (batch %d, seed %d), "
                        + "evaluated on %d test images; parameters as \"weights (+ representation logits)\".%n%n", epochs,
                first.trainExamples(), batchSize, seed, first.testExamples()));
        s.append("| model | channels | parameters |");
        for (DataChoice d : data) {
            s.append(' ').append(d.cliName()).append(" |");
        }
        s.append(" seconds/epoch |\n|---|---|---|");
        s.append("---|".repeat(data.size())).append("---|\n");
        for (ModelChoice m : models) {
            List<Row> mine = rows.stream().filter(r -> r.model() == m).toList();
            Row r0 = mine.get(0);
            s.append("| ").append(displayName(m)).append(" | ").append(r0.channels()).append(" | ")
                    .append(r0.parameters()).append(" |");
            for (DataChoice d : data) {
                mine.stream().filter(r -> r.data() == d).findFirst()
                        .ifPresent(r -> s.append(String.format(" %.2f |", 100 * r.accuracy())));
            }
            s.append(String.format(" %.1f |%n", mine.stream().mapToDouble(Row::secondsPerEpoch).average().orElse(0)));
        }
        return s.toString();
    }

    private static String displayName(ModelChoice m) {
        return switch (m) {
            case CNN -> "CNN";
            case GCNN -> "GCNN (C4, fixed)";
            case WSCNN -> "WSCNN + norm";
            case WSRESNET -> "WSResNet + norm";
            case GRESNET -> "GResNet (C4, fixed)";
            case RESNET -> "ResNet";
            default -> m.cliName();
        };
    }
}
