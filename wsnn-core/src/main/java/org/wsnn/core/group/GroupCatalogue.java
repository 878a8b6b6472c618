package org.wsnn.core.group;

import java.util.Map;

/**
 * Names a finite permutation group up to isomorphism from a small catalogue, by structure only (no group
 * is assumed known):
 * <ul>
 *   <li>{@code C<n>}: cyclic — some element has order n = |G| ({@code C1} is the trivial group);</li>
 *   <li>{@code D<m>}: dihedral of order 2m (m ≥ 2) — some element r has order m and every element outside
 *       ⟨r⟩ is an involution (then G is the generalised dihedral group of the cyclic ⟨r⟩, i.e. D_m;
 *       D2 is the Klein four-group);</li>
 *   <li>{@code O}: the rotation group of the cube (≅ S4) — order 24 with element orders
 *       1, 2, 3, 4 occurring 1, 9, 8, 6 times, which among the 15 groups of order 24 only S4 has;</li>
 *   <li>otherwise {@code order <n>}.</li>
 * </ul>
 */
public final class GroupCatalogue {

    private GroupCatalogue() {
    }

    /** The catalogue name of {@code group}. */
    public static String name(PermutationGroup group) {
        int n = group.order();
        Permutation rotation = elementOfOrder(group, n);
        if (rotation != null) {
            return "C" + n;
        }
        if (n % 2 == 0 && n >= 4 && isDihedral(group, n / 2)) {
            return "D" + (n / 2);
        }
        if (n == 24 && group.elementOrderCounts().equals(Map.of(1L, 1, 2L, 9, 3L, 8, 4L, 6))) {
            return "O";
        }
        return "order " + n;
    }

    private static boolean isDihedral(PermutationGroup group, int m) {
        for (Permutation r : group.elements()) {
            if (r.order() != m) {
                continue;
            }
            PermutationGroup cyclic = PermutationGroup.generatedBy(java.util.List.of(r), m).orElseThrow();
            boolean allInvolutions = true;
            for (Permutation p : group.elements()) {
                if (!cyclic.contains(p) && p.order() != 2) {
                    allInvolutions = false;
                    break;
                }
            }
            if (allInvolutions) {
                return true;
            }
        }
        return false;
    }

    private static Permutation elementOfOrder(PermutationGroup group, long order) {
        for (Permutation p : group.elements()) {
            if (p.order() == order) {
                return p;
            }
        }
        return null;
    }
}
