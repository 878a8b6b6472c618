package org.wsnn.train.registry;

import org.wsnn.core.Choices;
import org.wsnn.train.InputException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.wsnn.layers.DiscoveryRecipe;
import org.wsnn.zoo.GraphZooModel;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The {@code --model} choices: zoo classes {@link org.wsnn.zoo.WSCNN}, {@link org.wsnn.zoo.GCNN},
 * {@link org.wsnn.zoo.CNN} for 1×28×28 MNIST-family images and {@link org.wsnn.zoo.WSResNet},
 * {@link org.wsnn.zoo.GResNet}, {@link org.wsnn.zoo.ResNet} for 3×32×32 CIFAR-10 images (the fully qualified
 * names are needed because the constants share them). {@link #requireCompatible} rejects a model/data pair whose
 * input shapes differ.
 */
public enum ModelChoice {
    /** Learned weight sharing (paper: WSCNN + norm, G = 4). */
    WSCNN("wscnn", false, org.wsnn.zoo.WSCNN.builder().build().getChannels()),
    /** C4 group CNN. */
    GCNN("gcnn", false, org.wsnn.zoo.GCNN.builder().build().getChannels()),
    /** Plain CNN. */
    CNN("cnn", false, org.wsnn.zoo.CNN.builder().build().getChannels()),
    /** CIFAR-10 ResNet with learned weight sharing (WSCNN + norm, G = 4). */
    WSRESNET("wsresnet", true, org.wsnn.zoo.WSResNet.builder().build().getChannels()),
    /** CIFAR-10 C4 group ResNet. */
    GRESNET("gresnet", true, org.wsnn.zoo.GResNet.builder().build().getChannels()),
    /** CIFAR-10 plain ResNet. */
    RESNET("resnet", true, org.wsnn.zoo.ResNet.builder().build().getChannels());

    private final String cliName;
    private final boolean cifar;
    private final int defaultChannels;

    ModelChoice(String cliName, boolean cifar, int defaultChannels) {
        this.cliName = cliName;
        this.cifar = cifar;
        this.defaultChannels = defaultChannels;
    }

    /** @return the name on the command line */
    public String cliName() {
        return cliName;
    }

    /** @return whether the model takes 3×32×32 CIFAR-10 images (else 1×28×28 MNIST-family images) */
    public boolean isCifar() {
        return cifar;
    }

    /** @return the input shape the model expects, "3×32×32" or "1×28×28" */
    public String inputShape() {
        return cifar ? DataChoice.CIFAR_SHAPE : DataChoice.MNIST_SHAPE;
    }

    /** @return the paper's channel count: the zoo builder's default, read from it (one place for it) */
    public int defaultChannels() {
        return defaultChannels;
    }

    /** @return whether the model has learned representation stacks */
    public boolean learnsRepresentations() {
        return this == WSCNN || this == WSRESNET;
    }

    /**
     * Builds and initialises the network.
     *
     * @param channels channels per layer, or -1 for the paper's default
     * @param seed     initialisation seed
     */
    public ComputationGraph build(int channels, long seed) {
        return build(channels, seed, null);
    }

    /**
     * Builds and initialises the network with a recipe for its learned stacks.
     *
     * @param channels channels per layer, or -1 for the paper's default
     * @param seed     initialisation seed
     * @param recipe   how the learned stacks are trained, or null for the paper's
     * @throws InputException for a recipe on a model without learned stacks ({@link #requireRecipe})
     */
    public ComputationGraph build(int channels, long seed, DiscoveryRecipe recipe) {
        requireRecipe(recipe);
        return zooModel(channels, seed, recipeOrPaper(recipe)).init();
    }

    /**
     * Refuses a recipe for a model without learned stacks (it would be ignored).
     *
     * @param recipe the recipe asked for, or null for none
     * @throws InputException naming the model and the models that take a recipe
     */
    public void requireRecipe(DiscoveryRecipe recipe) {
        if (recipe != null && !learnsRepresentations()) {
            throw new InputException("--recipe " + recipe.cliName() + " applies to models with learned stacks ("
                    + names(ModelChoice::learnsRepresentations) + "); --model " + cliName + " has none");
        }
    }

    /** @return the recipe, or the paper's for null */
    public static DiscoveryRecipe recipeOrPaper(DiscoveryRecipe recipe) {
        return recipe == null ? DiscoveryRecipe.PAPER : recipe;
    }

    /**
     * The name of the recipe this model's learned stacks are trained with, for a recipe asked for or
     * recorded in a checkpoint: that one, or the paper's when there is none (checkpoints written before the
     * recipe was recorded were all trained with the paper's).
     *
     * @param recipe a recipe name, or null
     * @return the recipe's name, or null for a model without learned stacks
     */
    public String recipeName(String recipe) {
        return learnsRepresentations() ? (recipe == null ? DiscoveryRecipe.PAPER.cliName() : recipe) : null;
    }

    /** {@link #recipeName(String)} of a recipe, or of null. */
    public String recipeName(DiscoveryRecipe recipe) {
        return recipeName(recipe == null ? null : recipe.cliName());
    }

    /**
     * The network's configuration, without allocating its parameters.
     *
     * @param channels channels per layer, or -1 for the paper's default
     * @param seed     initialisation seed
     */
    public ComputationGraphConfiguration configuration(int channels, long seed) {
        return zooModel(channels, seed, DiscoveryRecipe.PAPER).conf();
    }

    /** The input type the model takes: 1×28×28 (MNIST family) or 3×32×32 (CIFAR-10). */
    public InputType inputType() {
        return cifar ? InputType.convolutional(32, 32, 3) : InputType.convolutional(28, 28, 1);
    }

    private GraphZooModel<?> zooModel(int channels, long seed, DiscoveryRecipe recipe) {
        int c = channels > 0 ? channels : defaultChannels;
        return switch (this) {
            case WSCNN -> org.wsnn.zoo.WSCNN.builder().channels(c).seed(seed).recipe(recipe).build();
            case GCNN -> org.wsnn.zoo.GCNN.builder().channels(c).seed(seed).build();
            case CNN -> org.wsnn.zoo.CNN.builder().channels(c).seed(seed).build();
            case WSRESNET -> org.wsnn.zoo.WSResNet.builder().channels(c).seed(seed).recipe(recipe).build();
            case GRESNET -> org.wsnn.zoo.GResNet.builder().channels(c).seed(seed).build();
            case RESNET -> org.wsnn.zoo.ResNet.builder().channels(c).seed(seed).build();
        };
    }

    /**
     * Refuses, before anything is allocated, a model that cannot be trained in this machine's memory
     * ({@link MemoryEstimate}).
     *
     * @param channels  channels per layer, or -1 for the default
     * @param batchSize batch size of the run
     * @throws InputException with the parameter count and the estimated bytes
     */
    public MemoryEstimate requireFits(int channels, int batchSize) {
        MemoryEstimate estimate = MemoryEstimate.of(configuration(channels, 0), inputType(), batchSize);
        estimate.requireFits("--model " + cliName + " with " + (channels > 0 ? channels : defaultChannels)
                + " channels", MemoryEstimate.availableBytes());
        return estimate;
    }

    /**
     * Throws a {@link InputException} naming the mismatch when the model's input shape is not the data's.
     *
     * @param data the data the model is to be trained or evaluated on
     */
    public void requireCompatible(DataChoice data) {
        if (cifar != data.isCifar()) {
            throw new InputException("--model " + cliName + " takes " + inputShape() + " images but --data "
                    + data.cliName() + " has " + data.inputShape() + " images; with --data " + data.cliName()
                    + " use --model " + namesFor(data.isCifar()));
        }
    }

    /** @return the names of the models for CIFAR-10 (or for the MNIST family), comma separated */
    static String namesFor(boolean cifar) {
        return names(m -> m.cifar == cifar);
    }

    /** @return the names of the models that pass {@code filter}, comma separated ({@link Choices#names}) */
    private static String names(Predicate<ModelChoice> filter) {
        return Choices.names(Arrays.stream(values()).filter(filter).toArray(ModelChoice[]::new), ModelChoice::cliName);
    }

    /**
     * Parses a name (case-insensitive).
     *
     * @throws IllegalArgumentException listing every valid choice
     */
    public static ModelChoice parse(String name) {
        return Choices.parse(values(), ModelChoice::cliName, "model", name,
                (choice, input) -> choice.cliName.equals(input.toLowerCase(Locale.ROOT)));
    }
}
