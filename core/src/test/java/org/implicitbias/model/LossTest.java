package org.implicitbias.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LossTest {

    static Stream<Loss> losses() {
        return Stream.of(new Loss.Squared(), new Loss.Huber(0.5), new Loss.Exponential(), new Loss.Logistic());
    }

    @ParameterizedTest
    @MethodSource("losses")
    void derivativeMatchesCentralDifferences(Loss loss) {
        for (double u : new double[] {-2, -0.3, 0.1, 0.7, 3}) {
            for (double y : new double[] {-1, 1, 0.4}) {
                double h = 1e-6;
                double fd = (loss.value(u + h, y) - loss.value(u - h, y)) / (2 * h);
                assertThat(loss.derivative(u, y)).isCloseTo(fd, within(1e-6));
            }
        }
    }

    @Test
    void closedFormsOfThePaper() {
        assertThat(new Loss.Squared().value(3, 1)).isEqualTo(4);
        Loss huber = new Loss.Huber(1);
        assertThat(huber.value(1.5, 1)).isEqualTo(0.25);
        assertThat(huber.value(4, 1)).isEqualTo(2 * 3 - 1);
        assertThat(huber.derivative(-5, 0)).isEqualTo(-2);
        assertThat(new Loss.Exponential().value(2, -1)).isCloseTo(Math.exp(2), within(1e-12));
        assertThat(new Loss.Logistic().value(0, 1)).isCloseTo(Math.log(2), within(1e-15));
    }

    @Test
    void monotoneLossesStayFiniteInLogSpaceAtHugeMargins() {
        Loss.Monotone exp = new Loss.Exponential();
        Loss.Monotone logistic = new Loss.Logistic();
        assertThat(exp.logLoss(1e4)).isEqualTo(-1e4);
        assertThat(logistic.logLoss(1e4)).isCloseTo(-1e4, within(1e-9));
        assertThat(logistic.logSlope(1e4)).isCloseTo(-1e4, within(1e-9));
        assertThat(logistic.logLoss(-1e4)).isCloseTo(Math.log(1e4), within(1e-9));
        assertThat(logistic.logSlope(-1e4)).isCloseTo(0, within(1e-12));
        // log(log(1 + e^-m)) near the switch point agrees with the direct formula
        assertThat(logistic.logLoss(29.9)).isCloseTo(Math.log(Math.log1p(Math.exp(-29.9))), within(1e-12));
        assertThat(logistic.logLoss(30.1)).isCloseTo(Math.log(Math.log1p(Math.exp(-30.1))), within(1e-12));
    }

    @Test
    void namesAreReadFromTheVocabularyAndUnknownOnesNamed() {
        assertThat(Loss.named("loss", "logistic", 0)).isInstanceOf(Loss.Logistic.class);
        assertThat(Loss.named("loss", "huber", 0.3)).isEqualTo(new Loss.Huber(0.3));
        assertThatThrownBy(() -> Loss.named("loss", "hinge", 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("loss: got hinge, expected one of squared, huber, exponential, logistic");
        assertThatThrownBy(() -> new Loss.Huber(-1)).hasMessageContaining("loss.delta");
    }
}
