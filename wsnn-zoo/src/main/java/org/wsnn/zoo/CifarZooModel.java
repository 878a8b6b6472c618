package org.wsnn.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * What the paper's three CIFAR-10 ResNets ({@link WSResNet}, {@link GResNet}, {@link ResNet}) share: a
 * configuration built from their {@link CifarResNetArchitecture.Spec}. No pretrained checkpoint.
 *
 * @param <T> the concrete model
 */
public abstract class CifarZooModel<T> extends GraphZooModel<T> {

    /** The network's specification. */
    public abstract CifarResNetArchitecture.Spec spec();

    /** The graph configuration. */
    @Override
    public ComputationGraphConfiguration conf() {
        return CifarResNetArchitecture.configuration(spec());
    }
}
