package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.io.Json;
import org.implicitbias.io.Node;
import org.junit.jupiter.api.Test;

class GridTest {
    private static JsonNode yaml(String text) {
        return Json.parseYaml(text, "test.yaml");
    }

    private static List<Grid.Point> expand(String yaml) throws Exception {
        ObjectNode tree = (ObjectNode) yaml(yaml);
        Grid g = Grid.read(Node.at(tree.get("vary"), "vary"));
        List<Grid.Point> points = g.expand(tree);
        assertThat(points).hasSize(g.size());
        return points;
    }

    @Test
    void everyCombinationIsOnePointWithTheFirstKeyVaryingSlowest() throws Exception {
        List<Grid.Point> p = expand("""
                algorithm: {kind: gradient-descent, step: {kind: constant, eta: 0.1}}
                vary:
                  algorithm.step.eta: [0.1, 0.2, 0.3]
                  loss: [squared, exponential]
                """);
        assertThat(p).hasSize(6);
        assertThat(p.get(0).tree().at("/algorithm/step/eta").asDouble()).isEqualTo(0.1);
        assertThat(p.get(0).tree().at("/loss").asText()).isEqualTo("squared");
        assertThat(p.get(1).tree().at("/loss").asText()).isEqualTo("exponential");
        assertThat(p.get(1).tree().at("/algorithm/step/eta").asDouble()).isEqualTo(0.1);
        assertThat(p.get(5).tree().at("/algorithm/step/eta").asDouble()).isEqualTo(0.3);
        assertThat(p.get(5).tree().at("/algorithm/kind").asText()).isEqualTo("gradient-descent");
    }

    @Test
    void zippedPathsMoveTogetherAndWholeObjectsCanBeVaried() throws Exception {
        List<Grid.Point> p = expand("""
                algorithm: {kind: mirror-descent, potential: entropy}
                claim: {reference: {kind: min-bregman, potential: entropy}}
                vary:
                  "algorithm.potential, claim.reference.potential":
                    - [entropy, entropy]
                    - [{kind: lp-power, p: 3}, {kind: lp-power, p: 3}]
                  algorithm.momentum: [{kind: dual, beta: 0.5}, {kind: dual, beta: 0.9, gamma: 0.9}]
                """);
        assertThat(p).hasSize(4);
        for (Grid.Point q : p) {
            assertThat(q.tree().at("/algorithm/potential")).isEqualTo(q.tree().at("/claim/reference/potential"));
        }
        assertThat(p.get(2).tree().at("/algorithm/potential/p").asInt()).isEqualTo(3);
        assertThat(p.get(3).tree().at("/algorithm/momentum/gamma").asDouble()).isEqualTo(0.9);
        assertThat(p.get(2).assignment()).containsOnlyKeys("algorithm.potential", "claim.reference.potential", "algorithm.momentum");
    }

    @Test
    void aPathIntoAMissingObjectCreatesItAndTheBaseIsNotModified() throws Exception {
        ObjectNode tree = (ObjectNode) yaml("""
                algorithm: {kind: gradient-descent}
                vary:
                  algorithm.batch: [1, 2]
                  budget.iterations: [10]
                """);
        List<Grid.Point> p = Grid.read(Node.at(tree.get("vary"), "vary")).expand(tree);
        assertThat(p.get(1).tree().at("/algorithm/batch").asInt()).isEqualTo(2);
        assertThat(p.get(1).tree().at("/budget/iterations").asInt()).isEqualTo(10);
        assertThat(tree.at("/algorithm/batch").isMissingNode()).isTrue();
    }

    @Test
    void pathsThroughScalarsEmptyListsAndUnknownRootsAreRejected() throws Exception {
        assertThatThrownBy(() -> expand("""
                algorithm: {potential: entropy}
                vary:
                  algorithm.potential.p: [2]
                """)).isInstanceOf(InvalidInputException.class).hasMessageContaining("algorithm.potential is");
        assertThatThrownBy(() -> expand("vary: {algorithm.step.eta: []}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty grid");
        assertThatThrownBy(() -> expand("vary: {data.generate.n: [1]}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("vary.data.generate.n");
        assertThatThrownBy(() -> expand("vary: {\"loss, loss\": [[a, b]]}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("each path varied once");
        assertThatThrownBy(() -> expand("vary: {algorithm: [{}], algorithm.step: [{}]}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("contain each other");
    }

    @Test
    void labelsRenderValuesCompactly() throws Exception {
        JsonNode v = yaml("{kind: lp, p: 3}");
        assertThat(Grid.render(v)).isEqualTo("{kind:lp,p:3}");
        assertThat(Grid.render(yaml("l2"))).isEqualTo("l2");
    }
}
