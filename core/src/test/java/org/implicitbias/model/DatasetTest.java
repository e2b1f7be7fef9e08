package org.implicitbias.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

class DatasetTest {

    @Test
    void validatesShapeAndFinitenessNamingTheField() {
        assertThatThrownBy(() -> Dataset.of(new double[0][], new double[0]))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("X: ");
        assertThatThrownBy(() -> Dataset.of(new double[][] {{1, 2}, {3}}, new double[] {1, 2}))
                .hasMessage("X[1]: got 1 entries, expected 2 entries like X[0]");
        assertThatThrownBy(() -> Dataset.of(new double[][] {{1, Double.NaN}}, new double[] {1}))
                .hasMessage("X[0][1]: got NaN, expected a finite number");
        assertThatThrownBy(() -> Dataset.of(new double[][] {{1, 2}}, new double[] {1, 2}))
                .hasMessage("y: got 2 entries, expected 1 entries, one per row of X");
        assertThatThrownBy(() -> Dataset.of(new double[][] {{}}, new double[] {1}))
                .hasMessageStartingWith("X[0]: ");
    }

    @Test
    void keepsTheExactValuesOfAFileAndConvertsDoublesExactlyOtherwise() {
        BigFraction third = new BigFraction(1, 3);
        Dataset exact = Dataset.exact(new BigFraction[][] {{third, BigFraction.ONE}}, new BigFraction[] {BigFraction.TWO});
        assertThat(exact.hasExactValues()).isTrue();
        assertThat(exact.exactX()[0][0]).isEqualTo(third);
        assertThat(exact.x(0, 0)).isEqualTo(1.0 / 3);
        Dataset doubles = Dataset.of(new double[][] {{0.1}}, new double[] {1});
        assertThat(doubles.exactX()[0][0]).isEqualTo(new BigFraction(0.1)); // the double's exact value, not 1/10
        assertThat(doubles.rows(0).exactY()[0]).isEqualTo(BigFraction.ONE);
    }

    @Test
    void signedRowsAreLabelTimesRow() {
        Dataset d = Dataset.of(new double[][] {{1, 2}, {3, 4}}, new double[] {1, -1});
        assertThat(d.signedRowMajor()).containsExactly(1, 2, -3, -4);
        assertThat(d.hasSignLabels()).isTrue();
    }

    @Test
    void exactNumbersReadFractionsAndDecimalsExactly() {
        assertThat(ExactNumbers.parse("f", "-25/6")).isEqualTo(new BigFraction(-25, 6));
        assertThat(ExactNumbers.parse("f", "0.1")).isEqualTo(new BigFraction(1, 10));
        assertThat(ExactNumbers.parse("f", "1e-3")).isEqualTo(new BigFraction(1, 1000));
        assertThat(ExactNumbers.format(new BigFraction(6, 4))).isEqualTo("3/2");
        assertThat(ExactNumbers.format(new BigFraction(-4, 2))).isEqualTo("-2");
        assertThatThrownBy(() -> ExactNumbers.parse("w0[1]", "1/0")).hasMessageContaining("w0[1]");
        assertThatThrownBy(() -> ExactNumbers.parse("w0[1]", "abc"))
                .hasMessage("w0[1]: got abc, expected a number, e.g. 0.25, \"1/3\" or \"-2.5e-3\"");
    }
}
