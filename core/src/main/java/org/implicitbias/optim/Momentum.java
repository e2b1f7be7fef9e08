package org.implicitbias.optim;

import org.implicitbias.model.InvalidInputException;

/**
 * Constant momentum parameters {@code beta_t = beta}, {@code gamma_t = gamma} for
 * {@code 1 <= t <= steps} and 0 afterwards (at t = 0, {@code Dw_{-1} = 0} makes them irrelevant).
 *
 * <p>Generic momentum (eq. 3): {@code w_{t+1} = w_t + beta_t Dw_{t-1} - eta_t grad L(w_t + gamma_t Dw_{t-1})};
 * heavy ball is gamma = 0, Nesterov is beta = gamma.
 *
 * @param beta  the momentum weight, in [0, 1)
 * @param gamma the look-ahead weight, in [0, 1)
 * @param steps how many steps (from t = 1) the momentum acts; {@link Long#MAX_VALUE} for all
 */
public record Momentum(double beta, double gamma, long steps) {
    public Momentum {
        unit("momentum.beta", beta);
        unit("momentum.gamma", gamma);
        if (steps < 1) {
            throw new InvalidInputException("momentum.steps", steps, "an integer >= 1");
        }
    }

    /** Momentum that never stops. */
    public static Momentum of(double beta, double gamma) {
        return new Momentum(beta, gamma, Long.MAX_VALUE);
    }

    /** No momentum. */
    public static Momentum none() {
        return new Momentum(0, 0, Long.MAX_VALUE);
    }

    /** {@code beta_t}. */
    public double beta(long t) {
        return t >= 1 && t <= steps ? beta : 0;
    }

    /** {@code gamma_t}. */
    public double gamma(long t) {
        return t >= 1 && t <= steps ? gamma : 0;
    }

    private static void unit(String field, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new InvalidInputException(field, v, "a number in [0, 1)");
        }
    }
}
