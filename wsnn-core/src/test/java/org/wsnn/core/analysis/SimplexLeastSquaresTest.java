package org.wsnn.core.analysis;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimplexLeastSquaresTest {

    @Test
    void projectionOfKnownPoints() {
        assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25}, SimplexLeastSquares.projectOntoSimplex(new double[]{0, 0, 0, 0}),
                1e-15, "origin goes to the barycentre");
        assertArrayEquals(new double[]{1, 0, 0}, SimplexLeastSquares.projectOntoSimplex(new double[]{5, 1, -2}), 1e-15,
                "far vertex");
        assertArrayEquals(new double[]{0.75, 0.25, 0}, SimplexLeastSquares.projectOntoSimplex(new double[]{1, 0.5, -1}), 1e-15,
                "edge: θ = 0.25");
        assertArrayEquals(new double[]{0.2, 0.3, 0.5}, SimplexLeastSquares.projectOntoSimplex(new double[]{0.2, 0.3, 0.5}), 1e-15,
                "point on the simplex is fixed");
    }

    @Test
    void projectionIsTheNearestSimplexPoint() {
        Random random = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            int k = 2 + random.nextInt(8);
            double[] v = new double[k];
            for (int i = 0; i < k; i++) {
                v[i] = random.nextGaussian() * 2;
            }
            double[] x = SimplexLeastSquares.projectOntoSimplex(v);
            double sum = 0;
            for (double xi : x) {
                assertTrue(xi >= 0, "trial " + trial + ": non-negative");
                sum += xi;
            }
            assertEquals(1, sum, 1e-12, "trial " + trial + ": sums to 1");
            // variational inequality: (v − x)ᵀ(y − x) ≤ 0 for all simplex points y, enough at the vertices
            for (int vertex = 0; vertex < k; vertex++) {
                double s = 0;
                for (int i = 0; i < k; i++) {
                    s += (v[i] - x[i]) * ((i == vertex ? 1 : 0) - x[i]);
                }
                assertTrue(s <= 1e-12, "trial " + trial + ": projection optimality at vertex " + vertex + " (" + s + ")");
            }
        }
    }

    @Test
    void solvesAnIllConditionedProblemToTheGap() {
        // Q = AᵀA with nearly parallel columns
        double[][] a = {{1, 1.0001, 0.5}, {1, 0.9999, 0.5}, {0, 0, 1e-3}};
        double[][] q = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int r = 0; r < 3; r++) {
                    q[i][j] += a[r][i] * a[r][j];
                }
            }
        }
        double[] b = {0.9, 0.8, 0.1};
        SimplexLeastSquares.Solution s = SimplexLeastSquares.solve(q, b, 1, 1e-12, 1_000_000);
        assertTrue(s.converged(), "ill-conditioned problem converged: gap " + s.gap() + " after " + s.iterations());
        double sum = 0;
        for (double c : s.coefficients()) {
            assertTrue(c >= 0, "non-negative");
            sum += c;
        }
        assertEquals(1, sum, 1e-12, "on the simplex");
    }
}
