package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/** The proven sigma_min lower bound on matrices whose singular values are known in closed form. */
class RowRankBoundTest {
    private static BigDecimal bound(double[][] rows) {
        BigFraction[][] exact = new BigFraction[rows.length][];
        int[] free = new int[rows[0].length];
        for (int j = 0; j < free.length; j++) {
            free[j] = j;
        }
        for (int i = 0; i < rows.length; i++) {
            exact[i] = new BigFraction[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                exact[i][j] = new BigFraction(rows[i][j]);
            }
        }
        return RowRankBound.smallestSingularValueLower(rows, new ExactMatrix(exact), free);
    }

    @Test
    void orthogonalRowsGiveTheirSmallestNorm() {
        // Rows of a Hadamard matrix scaled by 1, 1/2, 1/4: orthogonal, norms 2, 1, 1/2, so sigma_min = 1/2.
        double[][] x = {{1, 1, 1, 1}, {0.5, -0.5, 0.5, -0.5}, {0.25, 0.25, -0.25, -0.25}};
        BigDecimal s = bound(x);
        assertThat(s).isLessThanOrEqualTo(new BigDecimal("0.5"));
        assertThat(s).isGreaterThan(new BigDecimal("0.49999999"));
    }

    @Test
    void rankDeficientMatrixHasNoPositiveBound() {
        double[][] x = {{1, 2, 3}, {2, 4, 6}};
        assertThat(bound(x)).isZero();
    }

    @Test
    void nearlyDependentRowsGetABoundBelowTheTrueValue() {
        // X = [[1, 0, 0], [1, eps, 0]]: XX' = [[1, 1], [1, 1 + eps^2]], eigenvalues (2 + e2 -+ sqrt(4 + e2^2)) / 2, e2 = eps^2.
        double eps = 1e-3;
        double[][] x = {{1, 0, 0}, {1, eps, 0}};
        double e2 = eps * eps;
        double sigmaMin = Math.sqrt(2 * e2 / (2 + e2 + Math.sqrt(4 + e2 * e2)));
        BigDecimal s = bound(x);
        assertThat(s.doubleValue()).isLessThanOrEqualTo(sigmaMin * (1 + 1e-12)).isGreaterThan(0.99 * sigmaMin * 0.9);
    }

    @Test
    void dataThatAreNotDoublesAreCoveredByTheirDistanceToTheDoubles() {
        // X = [1/3, 1/3, 1/3]: sigma = sqrt(3)/3 = 0.57735...; the doubles of 1/3 differ from it.
        double third = 1.0 / 3;
        double[][] rows = {{third, third, third}};
        ExactMatrix exact = new ExactMatrix(new BigFraction[][] {{new BigFraction(1, 3), new BigFraction(1, 3),
            new BigFraction(1, 3)}});
        BigDecimal s = RowRankBound.smallestSingularValueLower(rows, exact, new int[] {0, 1, 2});
        assertThat(s.doubleValue()).isLessThanOrEqualTo(Math.sqrt(3) / 3).isGreaterThan(Math.sqrt(3) / 3 * (1 - 1e-8));
    }
}
