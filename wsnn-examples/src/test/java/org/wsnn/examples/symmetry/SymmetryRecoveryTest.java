package org.wsnn.examples.symmetry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsnn.core.analysis.DiscoveredGroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed robustness of {@link SymmetryLearner} with each task's defaults, on seeds other than the command
 * line's default (the full 20-seed table is a benchmark: {@code scripts/discovery-sweep.sh},
 * {@code docs/discovery.md}). Each run must match every element (coefficient ≥ 0.9) and name the group
 * it was not told about.
 */
class SymmetryRecoveryTest {

    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({
            "shift-1d-partial, 7, C12, false, 12",
            "rotation-2d-c4, 11, C4, true, 4",
            "cube-c4xc4, 5, O, false, 24",
            "cube-24, 3, O, true, 24",
    })
    void recoversAndNamesTheGroup(String task, long seed, String name, boolean closed, int closureOrder)
            throws java.io.IOException {
        SymmetryTask t = SymmetryTask.parse(task);
        SymmetryLearner.Result r = SymmetryLearner.learn(SymmetryLearner.Settings.defaults(t, seed), null);
        String what = task + " seed " + seed + ": ";
        assertEquals(r.match().elements(), r.match().matched(), what + "every element matched: " + r.match());
        assertTrue(r.match().meanCoefficient() >= 0.9, what + "mean coefficient " + r.match().meanCoefficient());
        DiscoveredGroup d = r.discovered();
        assertEquals(name, d.name(), what + d.summaryLine());
        assertEquals(closed, d.closed(), what + d.summaryLine());
        assertEquals(closureOrder, d.closureOrder(), what + d.summaryLine());
    }
}
