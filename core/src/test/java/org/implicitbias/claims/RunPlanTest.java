package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPlanTest {

    private static RunPlan plan(Map<String, String> assignment) {
        Instance inst = new Instance(0, "literal[0]", null, 0, 0);
        return new RunPlan(0, inst, 0, assignment, null, null, null, new double[0], null, null, null);
    }

    @Test
    void aRunWithoutAGridIsNamedByItsInstanceAlone() {
        assertThat(plan(Map.of()).where()).isEqualTo("literal[0]");
    }

    @Test
    void aRunOnAGridNamesItsPointInVaryOrder() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("algorithm.momentum.beta", "0.2");
        a.put("algorithm.step.eta", "0.1");
        assertThat(plan(a).where()).isEqualTo("literal[0] at algorithm.momentum.beta=0.2, algorithm.step.eta=0.1");
    }
}
