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

    /**
     * The programs {@code argmin_{w in G} ||w - c||} for a centre c: {@link MinNorm} (c = 0) and
     * {@link MinDistance} (c = the run's start). One solver serves both.
     */
    sealed interface NormProgram extends Reference {
        /** The norm. */
        Norm norm();

        /** The centre c the distance is measured from, given the run's start {@code w0} (length d). */
        double[] centre(double[] w0);
    }

    /** {@code min-norm}: {@code argmin_{w in G} ||w||}, the norm of w itself, whatever the start. */
    record MinNorm(Norm norm) implements NormProgram {
        @Override
        public String kind() {
            return "min-norm";
        }

        @Override
        public double[] centre(double[] w0) {
            return new double[w0.length];
        }
    }

    /**
     * {@code min-distance}: {@code argmin_{w in G} ||w - w0||} for the run's start w0 (for l2 the
     * projection of the start onto G).
     */
    record MinDistance(Norm norm) implements NormProgram {
        @Override
        public String kind() {
            return "min-distance";
        }

        @Override
        public double[] centre(double[] w0) {
            return w0.clone();
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
