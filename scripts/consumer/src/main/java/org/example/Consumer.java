package org.example;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.PretrainedType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.wsnn.zoo.WSCNN;

/** Loads the shipped pretrained WSCNN and classifies a blank image: what a library user does first. */
public final class Consumer {

    private Consumer() {
    }

    public static void main(String[] args) throws Exception {
        ComputationGraph net = WSCNN.builder().build().initPretrained(PretrainedType.MNIST);
        INDArray probabilities = net.outputSingle(Nd4j.zeros(DataType.FLOAT, 1, 1, 28, 28));
        System.out.println("consumer: " + net.numParams() + " parameters, class probabilities sum "
                + probabilities.sumNumber());
    }
}
