package org.implicitbias.bench;

/**
 * One measured entry: {@code perSecond} units of work per second; {@code seconds} (solver and
 * certificate entries: the median time of one unit) and {@code maxResidual} (solver entries)
 * are NaN where they do not apply; {@code level} (certify entries) the certificate level reached,
 * else null.
 */
public record BenchResult(String what, String loss, int n, int d, double perSecond, String unit, double seconds,
                          double maxResidual, String level) {
    public BenchResult(String what, String loss, int n, int d, double perSecond, String unit, double seconds,
                       double maxResidual) {
        this(what, loss, n, d, perSecond, unit, seconds, maxResidual, null);
    }

    public static BenchResult of(Benchmark b, double perSecond) {
        return new BenchResult(b.what(), b.loss(), b.n(), b.d(), perSecond, b.unit(), Double.NaN, Double.NaN);
    }

    public String label() {
        return what + " " + loss + " " + n + "x" + d;
    }
}
