package org.implicitbias.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.implicitbias.model.InvalidInputException;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void aKeyGivenTwiceInJsonIsBadInputNamingTheKeyItsObjectAndTheFile() {
        assertThatThrownBy(() -> Json.parse("{\"data\": {\"instances\": [{\"X\": [[1]], \"y\": [1], \"y\": [2]}]}}", "p.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("p.json: duplicate key 'y' in data.instances[0] at line 1")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aKeyGivenTwiceInYamlIsBadInputToo() {
        String yaml = "id: a\nalgorithm:\n  kind: adagrad\n  eta: 0.1\n  eta: 0.2\n";
        assertThatThrownBy(() -> Json.parseYaml(yaml, "a.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("a.yaml: duplicate key 'eta' in algorithm at line 5")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Json.parseYaml("id: a\nid: b\n", "a.yaml"))
                .hasMessageStartingWith("a.yaml: duplicate key 'id' at line 2");
    }

    @Test
    void floatsAreReadAsTheDecimalsTheySpellInBothFormats() {
        assertThat(Json.parse("{\"eta\": 0.1}", "p.json").get("eta").decimalValue()).isEqualTo(new BigDecimal("0.1"));
        assertThat(Json.parseYaml("eta: 0.1\n", "a.yaml").get("eta").decimalValue()).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void trailingContentIsBadInput() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} {\"b\": 2}", "p.json"))
                .hasMessageStartingWith("p.json: is not valid JSON at line 1");
    }
}
