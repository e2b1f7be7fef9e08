package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchBenchmarkTest {

    @Test
    void quickSearchEntriesReportInstancesPerSecondPerEngine() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "--quick", "--json", "--only", "search");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
        List<String> engines = new ArrayList<>();
        for (JsonNode e : results) {
            assertThat(e.get("what").asText()).isEqualTo("search");
            assertThat(e.get("unit").asText()).isEqualTo("instances");
            assertThat(e.get("per-second").asDouble()).isPositive();
            engines.add(e.get("loss").asText());
        }
        // the core's tests run without the spark module: the local entries only
        assertThat(engines).containsExactly("local 1 thread", "local 2 threads");
    }
}
