package org.implicitbias.optim;

import org.implicitbias.geometry.Norm;
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
            throw new InvalidInputException("w0", java.util.Arrays.toString(w0), "finite numbers");
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
