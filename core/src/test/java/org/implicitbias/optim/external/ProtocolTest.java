package org.implicitbias.optim.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;
import org.junit.jupiter.api.Test;

/** The messages of the JSON-lines protocol, both ways. */
class ProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theProblemMessageCarriesTheDataTheLossAndTheStartAsDoubles() throws Exception {
        Dataset data = Dataset.of(new double[][]{{1, 0.1, 0, 3}, {0, 1, -2, 1e-300}}, new double[]{0.5, -1});
        String line = Protocol.problem(data, new Loss.Huber(0.25), new double[]{1.0 / 3, 0, 0, -7}, 2, 2);
        assertThat(line).doesNotContain("\n");
        JsonNode m = JSON.readTree(line);
        assertThat(m.get("protocol").asInt()).isEqualTo(1);
        assertThat(m.at("/X/0/1").asDouble()).isEqualTo(0.1);
        assertThat(m.at("/X/1/3").asDouble()).isEqualTo(1e-300);
        assertThat(m.at("/y/1").asDouble()).isEqualTo(-1);
        assertThat(m.at("/loss/kind").asText()).isEqualTo("huber");
        assertThat(m.at("/loss/delta").asDouble()).isEqualTo(0.25);
        assertThat(m.at("/w0/0").asDouble()).isEqualTo(1.0 / 3);
        assertThat(m.at("/shape/0").asInt()).isEqualTo(2);
        assertThat(m.at("/shape/1").asInt()).isEqualTo(2);

        JsonNode v = JSON.readTree(Protocol.problem(data, new Loss.Logistic(), new double[4], 0, 0));
        assertThat(v.get("loss").asText()).isEqualTo("logistic");
        assertThat(v.has("shape")).isFalse();
    }

    @Test
    void aValidAnswerIsRead() throws Exception {
        Protocol.Answer a = Protocol.answer("{\"t\": 30, \"w\": [1.5, -2e-3, 0], \"loss\": 0.25, \"note\": \"x\"}", 3, 30);
        assertThat(a.t()).isEqualTo(30);
        assertThat(a.w()).containsExactly(1.5, -2e-3, 0);
        assertThat(a.loss()).isEqualTo(0.25);
        assertThat(Protocol.answer("{\"t\": 30.0, \"w\": [1, 2, 3]}", 3, 30).loss()).isNaN();
    }

    @Test
    void everyBrokenAnswerIsAViolationThatQuotesTheLine() {
        assertViolation("hello", 30, false, "not JSON", "\"hello\"");
        assertViolation("{\"t\": 30, \"w\": [1, 2, 3]} extra", 30, false, "not JSON", "extra");
        assertViolation("[1, 2, 3]", 30, false, "not a JSON object", "[1, 2, 3]");
        assertViolation("{\"w\": [1, 2, 3]}", 30, false, "without an integer \"t\"");
        assertViolation("{\"t\": 20, \"w\": [1, 2, 3]}", 30, false, "t = 20, expected t = 30");
        assertViolation("{\"t\": 30, \"w\": [1, 2]}", 30, false, "2 entries, expected 3");
        assertViolation("{\"t\": 30, \"w\": [1, \"2\", 3]}", 30, false, "w[1] = \"2\", expected a number");
        assertViolation("{\"t\": 30, \"w\": [1, NaN, 3]}", 30, true, "non-finite w[1] = NaN");
        assertViolation("{\"t\": 30, \"w\": [1, 2, -Infinity]}", 30, true, "non-finite w[2] = -Infinity");
        assertViolation("{\"t\": 30, \"w\": [1, 2, 1e400]}", 30, true, "non-finite w[2]");
        assertViolation("{\"t\": 30, \"w\": [1, 2, 3], \"loss\": NaN}", 30, true, "non-finite loss");
    }

    @Test
    void aLongLineIsQuotedInPart() {
        String q = Protocol.quote("x".repeat(1000));
        assertThat(q).hasSizeLessThan(260).endsWith("(1000 characters)");
    }

    private static void assertViolation(String line, long t, boolean nonFinite, String... parts) {
        assertThatThrownBy(() -> Protocol.answer(line, 3, t))
                .isInstanceOfSatisfying(Protocol.Violation.class, v -> {
                    assertThat(v.nonFinite()).as(line).isEqualTo(nonFinite);
                    assertThat(v.getMessage()).as(line).contains(parts).contains(Protocol.quote(line));
                });
    }
}
