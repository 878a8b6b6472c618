package org.wsnn.examples.bench;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time goes: forward and backward time of every vertex of a chain-shaped ComputationGraph
 * (each vertex has one input), measured by driving the vertices one by one without workspaces, up to
 * (not including) the output layer. Medians over the runs.
 */
final class LayerProfiler {

    /** Median forward and backward milliseconds of one vertex. */
    record Timing(String vertex, double forwardMs, double backwardMs) {
    }

    private LayerProfiler() {
    }

    static List<Timing> profile(ComputationGraph net, INDArray input, int warmup, int runs) {
        GraphVertex[] vertices = net.getVertices();
        List<GraphVertex> chain = new ArrayList<>();
        for (int idx : net.topologicalSortOrder()) {
            GraphVertex v = vertices[idx];
            if (!v.isInputVertex() && !(v.hasLayer() && v.getLayer() instanceof org.deeplearning4j.nn.api.layers.IOutputLayer)) {
                if (v.getInputVertices() == null || v.getInputVertices().length != 1) {
                    throw new IllegalArgumentException("profile: vertex " + v.getVertexName() + " expected one input");
                }
                chain.add(v);
            }
        }
        Map<String, List<Double>> fwd = new LinkedHashMap<>();
        Map<String, List<Double>> bwd = new LinkedHashMap<>();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        for (int r = 0; r < warmup + runs; r++) {
            INDArray act = input;
            for (GraphVertex v : chain) {
                v.setInput(0, act, mgr);
                long t = System.nanoTime();
                act = v.doForward(true, mgr);
                record(fwd, v.getVertexName(), t, r >= warmup);
            }
            INDArray eps = Nd4j.randn(act.dataType(), act.shape());
            for (int i = chain.size() - 1; i >= 0; i--) {
                GraphVertex v = chain.get(i);
                v.setEpsilon(eps);
                long t = System.nanoTime();
                eps = v.doBackward(false, mgr).getSecond()[0];
                record(bwd, v.getVertexName(), t, r >= warmup);
            }
        }
        List<Timing> out = new ArrayList<>();
        for (String name : fwd.keySet()) {
            out.add(new Timing(name, StepTimer.median(fwd.get(name)), StepTimer.median(bwd.get(name))));
        }
        return out;
    }

    private static void record(Map<String, List<Double>> map, String name, long start, boolean keep) {
        double ms = (System.nanoTime() - start) / 1e6;
        List<Double> list = map.computeIfAbsent(name, k -> new ArrayList<>());
        if (keep) {
            list.add(ms);
        }
    }
}
