package org.implicitbias.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.implicitbias.model.InvalidInputException;
import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void theLocalEngineKeepsInputOrderAndMarksAFailingInput() {
        List<Integer> inputs = IntStream.range(0, 50).boxed().toList();
        try (Engine e = Engines.open(new EngineOptions("local", null, 3))) {
            assertThat(e.workers()).isEqualTo(3);
            List<String> out = e.map(inputs, k -> {
                if (k == 7) {
                    throw new IllegalArgumentException("seven");
                }
                Thread.sleep((50 - k) % 4); // finish out of order
                return "ok " + k;
            }, (k, why) -> "failed " + k + ": " + why);
            for (int k = 0; k < 50; k++) {
                assertThat(out.get(k)).isEqualTo(k == 7 ? "failed 7: IllegalArgumentException: seven" : "ok " + k);
            }
        }
    }

    @Test
    void anUnknownEngineOrSparkWithoutItsModuleIsBadInputNamingTheFlag() {
        assertThatThrownBy(() -> Engines.open(new EngineOptions("hadoop", null, 0)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--engine").hasMessageContaining("hadoop");
        // the core's tests run without the spark module on the class path
        assertThatThrownBy(() -> Engines.open(new EngineOptions("spark", null, 0)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not on the class path");
        assertThatThrownBy(() -> Engines.open(new EngineOptions("local", "local[2]", 0)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--master");
    }
}
