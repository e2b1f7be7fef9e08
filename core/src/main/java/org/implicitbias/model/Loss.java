package org.implicitbias.model;

/**
 * A per-example loss {@code loss(u, y)} of a prediction {@code u = <w, x>} and a target y.
 *
 * <p>Two families, as in the paper: losses with a unique finite root in u (squared, Huber), whose
 * runs converge to a POINT of {@code G = {w : Xw = y}}, and strictly monotone losses of the margin
 * {@code m = u y} (exponential, logistic), whose runs on separable data converge in DIRECTION. The
 * monotone ones are evaluated in log space ({@link Monotone#logLoss}, {@link Monotone#logSlope}) so
 * that margins of 1e4 and more stay finite.
 */
public sealed interface Loss permits Loss.Squared, Loss.Huber, Loss.Monotone {

    /** Name in the vocabulary of the files ({@code squared}, {@code huber}, ...). */
    String name();

    /** {@code loss(u, y)}. */
    double value(double u, double y);

    /** {@code d loss(u, y) / du}. */
    double derivative(double u, double y);

    /** Whether the loss is a strictly decreasing function of the margin {@code u y} (limit is a direction). */
    default boolean monotone() {
        return this instanceof Monotone;
    }

    /** A strictly decreasing loss of the margin, {@code loss(u, y) = l(u y)}, with log-space access. */
    sealed interface Monotone extends Loss permits Exponential, Logistic {
        /** {@code log l(m)}. */
        double logLoss(double margin);

        /** {@code log(-l'(m))}, the log of the (positive) slope magnitude. */
        double logSlope(double margin);

        @Override
        default double value(double u, double y) {
            return Math.exp(logLoss(u * y));
        }

        @Override
        default double derivative(double u, double y) {
            return -y * Math.exp(logSlope(u * y));
        }
    }

    /** {@code (u - y)^2}, the paper's squared loss (no factor 1/2). */
    record Squared() implements Loss {
        @Override
        public String name() {
            return "squared";
        }

        @Override
        public double value(double u, double y) {
            double r = u - y;
            return r * r;
        }

        @Override
        public double derivative(double u, double y) {
            return 2 * (u - y);
        }
    }

    /** Huber: {@code r^2} for {@code |r| <= delta}, else {@code 2 delta |r| - delta^2}, with r = u - y. */
    record Huber(double delta) implements Loss {
        public Huber {
            if (!(delta > 0) || !Double.isFinite(delta)) {
                throw new InvalidInputException("loss.delta", delta, "a finite number > 0");
            }
        }

        @Override
        public String name() {
            return "huber";
        }

        @Override
        public double value(double u, double y) {
            double r = Math.abs(u - y);
            return r <= delta ? r * r : 2 * delta * r - delta * delta;
        }

        @Override
        public double derivative(double u, double y) {
            double r = u - y;
            return Math.abs(r) <= delta ? 2 * r : 2 * delta * Math.signum(r);
        }
    }

    /** {@code l(m) = exp(-m)}. */
    record Exponential() implements Monotone {
        @Override
        public String name() {
            return "exponential";
        }

        @Override
        public double logLoss(double margin) {
            return -margin;
        }

        @Override
        public double logSlope(double margin) {
            return -margin;
        }
    }

    /** {@code l(m) = log(1 + exp(-m))}; {@code -l'(m) = 1 / (1 + exp(m))}. */
    record Logistic() implements Monotone {
        @Override
        public String name() {
            return "logistic";
        }

        @Override
        public double logLoss(double margin) {
            // log(softplus(-m)); for large m softplus(-m) = e^-m (1 - e^-m/2 + ...), avoid log(0)
            if (margin > 30) {
                double e = Math.exp(-margin);
                return -margin + Math.log1p(-e / 2);
            }
            return Math.log(softplus(-margin));
        }

        @Override
        public double logSlope(double margin) {
            return -softplus(margin);
        }

        /** {@code log(1 + exp(a))} without overflow. */
        static double softplus(double a) {
            return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
        }
    }

    /** Reads a loss name of the vocabulary; {@code delta} is used by {@code huber} only. */
    static Loss named(String field, String name, double delta) {
        return switch (name == null ? "" : name) {
            case "squared" -> new Squared();
            case "huber" -> new Huber(delta);
            case "exponential" -> new Exponential();
            case "logistic" -> new Logistic();
            default -> throw new InvalidInputException(field, name, "one of squared, huber, exponential, logistic");
        };
    }
}
