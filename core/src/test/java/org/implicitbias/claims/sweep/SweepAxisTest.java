package org.implicitbias.claims.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.implicitbias.model.InvalidInputException;
import org.junit.jupiter.api.Test;

class SweepAxisTest {

    private static double[] numbers(SweepAxis a, int p) {
        return a.values().stream().mapToDouble(row -> Double.parseDouble(row.get(p))).toArray();
    }

    @Test
    void aCommaListKeepsItsValuesAndExactRationalsStayText() {
        SweepAxis a = SweepAxis.parse("algorithm.momentum.beta=0.1, 0.5,0.9");
        assertThat(a.paths()).containsExactly("algorithm.momentum.beta");
        assertThat(numbers(a, 0)).containsExactly(0.1, 0.5, 0.9);
        assertThat(a.labels()).containsExactly("0.1", "0.5", "0.9");
        SweepAxis r = SweepAxis.parse("algorithm.step.eta=1/3,1");
        assertThat(r.values().get(0)).containsExactly("\"1/3\"");
    }

    @Test
    void evenAndLogSpacedRangesAreTheClosedForms() {
        // LO + (HI - LO) i / (N - 1)
        assertThat(numbers(SweepAxis.parse("algorithm.step.eta=0:1:5"), 0)).containsExactly(0, 0.25, 0.5, 0.75, 1);
        // LO (HI / LO)^(i / (N - 1)): decades, and sqrt(10) between them
        double[] log = numbers(SweepAxis.parse("algorithm.step.eta=0.001:0.1:5log"), 0);
        assertThat(log).hasSize(5);
        assertThat(log[0]).isEqualTo(0.001);
        assertThat(log[2]).isEqualTo(0.01);
        assertThat(log[4]).isEqualTo(0.1);
        assertThat(log[1]).isCloseTo(0.001 * Math.sqrt(10), within(1e-14));
        assertThat(numbers(SweepAxis.parse("algorithm.step.eta=0.5:0.5:1"), 0)).containsExactly(0.5);
    }

    @Test
    void zippedPathsMoveTogetherAndLogListsKeepBetaTwiceAlphaSquared() {
        SweepAxis a = SweepAxis.parse("algorithm.init-scale,claim.reference.potential.beta=0.25:4:5log;0.125:32:5log");
        assertThat(a.paths()).containsExactly("algorithm.init-scale", "claim.reference.potential.beta");
        double[] alpha = numbers(a, 0);
        double[] beta = numbers(a, 1);
        for (int i = 0; i < 5; i++) {
            assertThat(beta[i]).isCloseTo(2 * alpha[i] * alpha[i], within(1e-11 * beta[i]));
        }
        assertThat(alpha).containsExactly(0.25, 0.5, 1, 2, 4);
    }

    @Test
    void malformedAxesAreBadInputNamingTheFlag() {
        for (String bad : List.of("algorithm.step.eta", "algorithm.step.eta=", "=1,2", "eta=1,2", "data.X=1",
                "algorithm.step.eta=1,,2", "algorithm.step.eta=a,b", "algorithm.step.eta=0:1:0", "algorithm.step.eta=0:1:3log",
                "algorithm.step.eta=1:x:3", "algorithm.a,algorithm.b=1,2", "algorithm.a,algorithm.b=1,2;3")) {
            assertThatThrownBy(() -> SweepAxis.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("--over");
        }
    }
}
