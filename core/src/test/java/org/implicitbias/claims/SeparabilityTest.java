package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Dataset;
import org.implicitbias.oracle.MaxMarginSolver;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.Reference;
import org.junit.jupiter.api.Test;

/** The spec loader's precondition and the oracle decide separability alike. */
class SeparabilityTest {

    private static final List<Norm> NORMS = List.of(new Norm.L2(), new Norm.L1(), new Norm.LInf(), new Norm.Lp(3));

    /**
     * z_1 = c (1, 1), z_2 = c (-1, 1): separated by w = (0, 1), l2 margin c, relative margin 1/sqrt 2
     * whatever c is; c = 0 in the second coordinate ({@code tilt = 0}) puts 0 on the hull's segment.
     */
    private static Dataset pair(double c, double tilt) {
        return Dataset.of(new double[][]{{c, c * tilt}, {c, -c * tilt}}, new double[]{1, -1});
    }

    @Test
    void separabilityDoesNotDependOnTheScaleOfTheDataAndAgreesWithTheOracle() {
        // c = 1e-10: the precondition's old simplex LP compared max_{|w|<=1} min_n <w, z_n> = 1e-10 with an
        // absolute 1e-9 and refused data that every max-margin program solves
        for (double c : new double[]{1e-10, 1, 1e6}) {
            check(pair(c, 1), true);
        }
        check(pair(1, 0), false);
    }

    private static void check(Dataset data, boolean separable) {
        assertThat(Preconditions.separable(data)).isEqualTo(separable);
        MaxMarginSolver solver = new MaxMarginSolver();
        for (Norm norm : NORMS) {
            assertThat(solver.solve(new Reference.MaxMargin(norm), data).status()).as(norm.name())
                    .isEqualTo(separable ? Outcome.Status.SOLVED : Outcome.Status.NOT_SEPARABLE);
        }
    }
}
