package org.wsnn.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.zoo.PretrainedType;

/**
 * What the paper's three MNIST networks ({@link WSCNN}, {@link GCNN}, {@link CNN}) share: a configuration
 * built from their {@link MnistArchitecture.Spec}, and the pretrained checkpoint of their default
 * architecture ({@link PretrainedCheckpoint}; {@code MNIST} means rotated Fashion-MNIST there).
 *
 * @param <T> the concrete model
 */
public abstract class MnistZooModel<T> extends GraphZooModel<T> {

    /** The network's specification. */
    public abstract MnistArchitecture.Spec spec();

    /** The graph configuration. */
    @Override
    public ComputationGraphConfiguration conf() {
        return MnistArchitecture.configuration(spec());
    }

    /**
     * {@code MNIST}: a checkpoint of the default architecture trained on <b>rotated Fashion-MNIST</b>, shipped
     * in this jar (see {@link PretrainedCheckpoint}); null for other types or a non-default architecture.
     */
    @Override
    public String pretrainedUrl(PretrainedType pretrainedType) {
        return PretrainedCheckpoint.urlFor(spec(), pretrainedType);
    }

    /** Adler32 of the checkpoint {@link #pretrainedUrl} points to (0 when there is none). */
    @Override
    public long pretrainedChecksum(PretrainedType pretrainedType) {
        return PretrainedCheckpoint.checksumFor(spec(), pretrainedType);
    }
}
