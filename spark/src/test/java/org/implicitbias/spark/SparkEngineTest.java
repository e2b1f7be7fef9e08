package org.implicitbias.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.implicitbias.model.InvalidInputException;
import org.junit.jupiter.api.Test;

class SparkEngineTest {

    @Test
    void resultsComeBackInInputOrderAndAFailingTaskIsRetriedThenMarkedNeverLost() {
        List<Integer> inputs = IntStream.range(0, 23).boxed().toList();
        // local[2,2]: two threads, every task may be tried twice
        try (SparkEngine engine = SparkEngine.open("local[2,2]", 3)) {
            assertThat(engine.workers()).isEqualTo(3);
            List<Long> squares = engine.map(inputs, k -> (long) k * k, (k, why) -> -1L);
            List<Long> expected = new ArrayList<>();
            for (int k : inputs) {
                expected.add((long) k * k);
            }
            assertThat(squares).containsExactlyElementsOf(expected);

            // a task failing on its first attempt only is retried by Spark and succeeds
            List<String> retried = engine.map(inputs, k -> {
                if (k == 5 && TaskContext.get().attemptNumber() == 0) {
                    throw new IllegalStateException("transient failure");
                }
                return "ok " + k;
            }, (k, why) -> "failed " + k + ": " + why);
            assertThat(retried).allSatisfy(s -> assertThat(s).startsWith("ok "));

            // a task that keeps failing: the inputs of its partition are marked with the reason, the others kept
            List<String> marked = engine.map(inputs, k -> {
                if (k == 20) {
                    throw new IllegalStateException("instance 20 always fails");
                }
                return "ok " + k;
            }, (k, why) -> "failed " + k + ": " + why);
            assertThat(marked).hasSize(inputs.size());
            for (int k : inputs) {
                // partition 2 holds inputs [15, 23)
                if (k >= 15) {
                    assertThat(marked.get(k)).startsWith("failed " + k + ": spark task failed after its retries")
                            .contains("instance 20 always fails");
                } else {
                    assertThat(marked.get(k)).isEqualTo("ok " + k);
                }
            }
        }
    }

    @Test
    void badMastersAreBadInput() {
        assertThatThrownBy(() -> SparkEngine.open("local[x]", 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--master");
        // nothing listens on this loopback port
        assertThatThrownBy(() -> SparkEngine.open("spark://127.0.0.1:9", 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("reachable");
    }
}
