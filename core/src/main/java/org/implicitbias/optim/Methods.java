package org.implicitbias.optim;

import java.util.Arrays;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;

/** Checks and constants shared by the methods. */
final class Methods {
    private Methods() {
    }

    /** The start must have the data's dimension and finite entries. */
    static void checkStart(Objective objective, double[] w0) {
        int d = objective.data().d();
        if (w0 == null || w0.length != d) {
            throw new InvalidInputException("w0", w0 == null ? "nothing" : w0.length + " entries",
                    d + " entries (the number of columns of X)");
        }
        if (!Vectors.allFinite(w0)) {
            throw new InvalidInputException("w0", Arrays.toString(w0), "finite numbers");
        }
    }

    /** The start of a method with a potential must lie in the open domain of psi. */
    static void checkInDomain(Potential potential, double[] w0) {
        if (!potential.inDomain(w0)) {
            throw new InvalidInputException("w0", Arrays.toString(w0),
                    "a point in the domain of the " + potential.name() + " potential");
        }
    }

    /**
     * Writes the dual start {@code theta_0 = grad psi(w0)} of a method that works in the dual, which must
     * be finite (it is not, e.g., where the link of squared-lp is singular).
     */
    static void linkStart(Potential potential, double[] w0, double[] theta) {
        potential.link(w0, theta);
        if (!Vectors.allFinite(theta)) {
            throw new InvalidInputException("w0", Arrays.toString(w0),
                    "a point where the link of the " + potential.name() + " potential is finite");
        }
    }

    /**
     * The primal iterate {@code w = (grad psi)^{-1}(theta)} of a method that works in the dual must be
     * finite and in the open domain of psi: an inverse link can round onto the boundary (an entropy
     * weight {@code exp(theta_i)} that underflowed to 0).
     *
     * @param method the method's name in the message, e.g. {@code mirror-descent}
     * @param k      the step being formed
     * @throws RunFailure {@link RunFailure.Kind#NON_FINITE} or {@link RunFailure.Kind#DOMAIN_EXIT}
     */
    static void checkPrimal(Potential potential, double[] w, String method, long k) {
        checkPrimal(potential, w, method, k, false, 0);
    }

    /** {@link #checkPrimal(Potential, double[], String, long)} of a flow, whose message names the clock it reached. */
    static void checkPrimal(Potential potential, double[] w, String method, long k, double clock) {
        checkPrimal(potential, w, method, k, true, clock);
    }

    // the messages are formed only on failure: these checks run every step
    private static void checkPrimal(Potential potential, double[] w, String method, long k, boolean flow, double clock) {
        if (!Vectors.allFinite(w)) {
            throw new RunFailure(RunFailure.Kind.NON_FINITE, method + " step " + k
                    + ": the iterate (grad psi)^{-1}(theta) is not finite" + (flow ? " at clock " + clock : ""));
        }
        if (!potential.inDomain(w)) {
            throw new RunFailure(RunFailure.Kind.DOMAIN_EXIT, method + " step " + k + ": the iterate " + Arrays.toString(w)
                    + " is not in the open domain of the " + potential.name()
                    + " potential (a coordinate reached its boundary in double precision)");
        }
    }

    /** {@code B = max_n ||x_n||_*}, the data bound of the adaptive step rule. */
    static double dataBound(Dataset data, Norm norm) {
        double b = 0;
        for (int i = 0; i < data.n(); i++) {
            b = Math.max(b, norm.dual(data.row(i)));
        }
        return b;
    }
}
