package org.wsnn.core.analysis;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.wsnn.core.group.Permutation;
import org.wsnn.core.group.PermutationGroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a learned stack is, named without being told the group: every element R_g is rounded to its
 * nearest permutation P_g ({@link NearestPermutation}), the rounded set is closed under composition
 * ({@link PermutationGroup}) and the closure is named ({@link org.wsnn.core.group.GroupCatalogue}).
 *
 * <p>For each element the report gives the mass on its permutation, m_g = trace(P_gᵀ R_g)/d ∈ [0, 1]
 * (1 exactly when R_g = P_g; 1/d for the uniform matrix), and the Frobenius distance ‖R_g − P_g‖_F. The
 * rounded set is <em>closed</em> when it is a group by itself (its distinct elements are exactly its
 * closure); the <em>closure order</em> is |⟨P_1, …, P_G⟩| (absent when it exceeds the cap, which is itself a
 * finding: the rounded set is nowhere near a small group).
 *
 * <p>When a task's signals live on a support (the 7×7 disk), the data determines R_g only on the support's
 * rows and columns; {@link #of(INDArray, int[], int)} rounds the sub-matrices there, so the permutations act
 * on the support's coordinates (position i of a permutation is the i-th support index).
 *
 * @param elements     each element's rounding, in stack order (element 0 first)
 * @param distinct     number of distinct rounded permutations
 * @param closed       whether the distinct rounded permutations form a group
 * @param closureOrder order of the group they generate, or −1 when it exceeds {@code orderLimit}
 * @param generators   indices of elements that generate the closure (greedy, in stack order), or empty
 *                     when the closure exceeded the cap
 * @param name         catalogue name of the closure ({@code C12}, {@code D4}, {@code O}, {@code order 16}),
 *                     or {@code "order > limit"}
 * @param orderLimit   the cap used
 */
public record DiscoveredGroup(List<Element> elements, int distinct, boolean closed, int closureOrder,
                              int[] generators, String name, int orderLimit) {

    /**
     * One rounded element.
     *
     * @param index       position in the stack
     * @param permutation the nearest permutation
     * @param mass        trace(Pᵀ R)/d
     * @param distance    ‖R − P‖_F
     */
    public record Element(int index, Permutation permutation, double mass, double distance) {
        /** The cycle type of the rounded permutation ({@link Permutation#cycleType()}). */
        public String cycleType() {
            return permutation.cycleType();
        }
    }

    /** Copies the lists. */
    public DiscoveredGroup {
        elements = List.copyOf(elements);
        generators = generators.clone();
    }

    /** {@link #of(INDArray, int[], int)} on all coordinates with the default cap. */
    public static DiscoveredGroup of(INDArray stack) {
        return of(stack, null, PermutationGroup.DEFAULT_ORDER_LIMIT);
    }

    /**
     * Rounds, closes and names a stack.
     *
     * @param stack      {@code [G, d, d]} finite floating point (identity included when the layer fixes it)
     * @param support    indices of the informative coordinates (sorted, distinct, in 0..d−1), or null for all
     * @param orderLimit cap on the closure's order, ≥ 1
     */
    public static DiscoveredGroup of(INDArray stack, int[] support, int orderLimit) {
        double[][][] full = Stacks.toArrays("DiscoveredGroup", "stack", stack);
        int d = full[0].length;
        int[] rows = support == null ? allIndices(d) : checkedSupport(support, d);
        List<Element> elements = new ArrayList<>(full.length);
        List<Permutation> rounded = new ArrayList<>(full.length);
        for (int g = 0; g < full.length; g++) {
            double[][] r = restrict(full[g], rows);
            NearestPermutation p = NearestPermutation.of(r);
            Permutation perm = Permutation.of(p.permutation());
            rounded.add(perm);
            elements.add(new Element(g, perm, p.score() / rows.length, distance(r, perm)));
        }
        LinkedHashSet<Permutation> distinct = new LinkedHashSet<>(rounded);
        Optional<PermutationGroup> closure = PermutationGroup.generatedBy(distinct, orderLimit);
        if (closure.isEmpty()) {
            return new DiscoveredGroup(elements, distinct.size(), false, -1, new int[0], "order > " + orderLimit,
                    orderLimit);
        }
        PermutationGroup group = closure.get();
        int[] generators = PermutationGroup.greedyGenerators(rounded, orderLimit).orElse(new int[0]);
        return new DiscoveredGroup(elements, distinct.size(), group.order() == distinct.size(), group.order(),
                generators, group.name(), orderLimit);
    }

    /** The smallest mass on a rounded permutation over all elements. */
    public double minimumMass() {
        return elements.stream().mapToDouble(Element::mass).min().orElse(Double.NaN);
    }

    /** The largest distance ‖R_g − P_g‖_F over all elements. */
    public double maximumDistance() {
        return elements.stream().mapToDouble(Element::distance).max().orElse(Double.NaN);
    }

    /** Whether the closure's order was within the cap. */
    public boolean closureKnown() {
        return closureOrder > 0;
    }

    /**
     * One line for a terminal, e.g. {@code discovered C12: 12 distinct rounded elements, closed (a group of
     * order 12), generated by element 1; mass on the rounded permutations ≥ 0.943}.
     */
    public String summaryLine() {
        String structure;
        if (!closureKnown()) {
            structure = "not closed; they generate more than " + orderLimit + " permutations";
        } else if (closed) {
            structure = "closed (a group of order " + closureOrder + ")";
        } else {
            structure = "not closed; their closure has order " + closureOrder;
        }
        String gens = generators.length == 0 ? "" : ", generated by element" + (generators.length > 1 ? "s " : " ")
                + String.join(", ", Arrays.stream(generators).mapToObj(Integer::toString).toList());
        return String.format(java.util.Locale.ROOT, "discovered %s: %d distinct rounded element%s, %s%s; mass on the"
                        + " rounded permutations >= %.3f", name, distinct, distinct == 1 ? "" : "s", structure, gens,
                minimumMass());
    }

    /**
     * The JSON form written by the command line ({@code "discovered"} in {@code summary.json},
     * {@code representations.json} and {@code inspect}): {@code elements} (per element: index, permutation,
     * mass, distance, cycle type), {@code distinct}, {@code closed}, {@code closureOrder} (null above the
     * cap), {@code generators}, {@code cycleTypes}, {@code name}, {@code orderLimit}.
     */
    public Map<String, Object> toJson() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Element e : elements) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", e.index());
            m.put("permutation", e.permutation().images());
            m.put("mass", e.mass());
            m.put("distance", e.distance());
            m.put("cycleType", e.cycleType());
            list.add(m);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("closed", closed);
        json.put("closureOrder", closureKnown() ? closureOrder : null);
        json.put("distinct", distinct);
        json.put("generators", generators);
        json.put("cycleTypes", elements.stream().map(Element::cycleType).toList());
        json.put("minimumMass", minimumMass());
        json.put("maximumDistance", maximumDistance());
        json.put("orderLimit", orderLimit);
        json.put("elements", list);
        return json;
    }

    private static double distance(double[][] r, Permutation p) {
        double sum = 0;
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < r.length; j++) {
                double diff = r[i][j] - (p.image(i) == j ? 1.0 : 0.0);
                sum += diff * diff;
            }
        }
        return Math.sqrt(sum);
    }

    private static double[][] restrict(double[][] m, int[] rows) {
        double[][] out = new double[rows.length][rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows.length; j++) {
                out[i][j] = m[rows[i]][rows[j]];
            }
        }
        return out;
    }

    private static int[] allIndices(int d) {
        int[] all = new int[d];
        for (int i = 0; i < d; i++) {
            all[i] = i;
        }
        return all;
    }

    private static int[] checkedSupport(int[] support, int d) {
        if (support.length == 0) {
            throw new IllegalArgumentException("DiscoveredGroup: support expected at least one index, found none");
        }
        for (int i = 0; i < support.length; i++) {
            if (support[i] < 0 || support[i] >= d || (i > 0 && support[i] <= support[i - 1])) {
                throw new IllegalArgumentException("DiscoveredGroup: support expected increasing indices in 0.." + (d - 1)
                        + ", found " + Arrays.toString(support));
            }
        }
        return support.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiscoveredGroup g && elements.equals(g.elements) && distinct == g.distinct
                && closed == g.closed && closureOrder == g.closureOrder && Arrays.equals(generators, g.generators)
                && name.equals(g.name) && orderLimit == g.orderLimit;
    }

    @Override
    public int hashCode() {
        return 31 * elements.hashCode() + Arrays.hashCode(generators);
    }

    @Override
    public String toString() {
        return summaryLine();
    }
}
