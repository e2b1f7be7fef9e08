package org.implicitbias.oracle;

import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;

/**
 * A characterising convex program of the vocabulary ({@code reference} in the files): the solution
 * an implicit-bias claim says an optimizer reaches.
 */
public sealed interface Reference {

    /** The {@code kind} in the vocabulary of the files. */
    String kind();

    /**
     * {@code min-bregman}: {@code argmin_{w in G} D_psi(w, w0)}, G = {Xw = y}, optionally intersected
     * with the simplex {@code {w >= 0, sum w = 1}}.
     */
    record MinBregman(Potential potential, boolean simplex) implements Reference {
        @Override
        public String kind() {
            return "min-bregman";
        }
    }

    /** {@code min-norm}: {@code argmin_{w in G} ||w - w0||}. */
    record MinNorm(Norm norm) implements Reference {
        @Override
        public String kind() {
            return "min-norm";
        }
    }

    /** {@code max-margin}: {@code gamma = max_{||w|| <= 1} min_n <w, z_n>}, {@code z_n = y_n x_n}. */
    record MaxMargin(Norm norm) implements Reference {
        @Override
        public String kind() {
            return "max-margin";
        }
    }

    /**
     * {@code max-margin-nuclear}: {@code argmax_{W psd, trace W <= 1} min_n y_n <W, X_n>} for symmetric
     * d x d matrices {@code X_n} (the data rows are the flattened matrices).
     */
    record MaxMarginNuclear(int size) implements Reference {
        @Override
        public String kind() {
            return "max-margin-nuclear";
        }
    }
}
