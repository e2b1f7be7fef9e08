package org.implicitbias.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.oracle.MarginFace;
import org.implicitbias.oracle.Outcome;

/**
 * The JSON form of a reference solution, as printed by {@code solve} and stored with the specs'
 * golden solutions: {@code status}, {@code w}, {@code gamma} (max-margin programs), {@code value},
 * {@code dual-value}, {@code multipliers}, {@code residuals} and {@code certificate: {level, ...}}.
 * Non-finite numbers are written as null.
 */
public final class CertificateJson {
    private CertificateJson() {
    }

    /** The outcome: a solution with its certificate, or {@code status} and {@code reason}. */
    public static ObjectNode write(Outcome outcome) {
        ObjectNode o = Json.object();
        o.put("status", outcome.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        if (!(outcome instanceof Outcome.Solved solved)) {
            o.put("reason", outcome.reason());
            return o;
        }
        Certificate c = solved.certificate();
        o.put("reference", c.reference().kind());
        o.set("w", Json.finiteArray(c.point()));
        c.margin().ifPresent(m -> Json.putFinite(o, "gamma", m.gamma()));
        Json.putFinite(o, "value", c.value());
        Json.putFinite(o, "dual-value", c.dualValue());
        ObjectNode multipliers = o.putObject("multipliers");
        c.multipliers().forEach((name, v) -> multipliers.set(name, Json.finiteArray(v)));
        Certificate.Residuals r = c.residuals();
        ObjectNode residuals = o.putObject("residuals");
        Json.putFinite(residuals, "primal-feasibility", r.primalFeasibility());
        Json.putFinite(residuals, "stationarity", r.stationarity());
        Json.putFinite(residuals, "complementary-slackness", r.complementarySlackness());
        Json.putFinite(residuals, "dual-feasibility", r.dualFeasibility());
        Json.putFinite(residuals, "duality-gap", r.dualityGap());
        c.margin().ifPresent(m -> o.set("max-margin", margin(o, m)));
        ObjectNode cert = o.putObject("certificate");
        cert.put("level", c.level().label());
        for (Map.Entry<String, String> e : c.details().entrySet()) {
            cert.put(e.getKey(), e.getValue());
        }
        return o;
    }

    private static ObjectNode margin(ObjectNode factory, MarginFace m) {
        ObjectNode o = factory.objectNode();
        Json.putFinite(o, "gamma", m.gamma());
        Json.putFinite(o, "dual-value", m.dualValue());
        ArrayNode support = o.putArray("support");
        for (int s : m.support()) {
            support.add(s);
        }
        o.set("dual-weights", Json.finiteArray(m.dualWeights()));
        o.put("unique", m.unique());
        o.put("face", m.faceDescription());
        return o;
    }
}
