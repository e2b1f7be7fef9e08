package org.implicitbias.geometry;

/**
 * {@code ||v||_D = sqrt(v'Dv)}, D symmetric positive definite; dual {@code sqrt(g'D^{-1}g)}; the
 * steepest-descent step is {@code -D^{-1} g} (preconditioned gradient descent).
 */
public final class QuadraticNorm implements Norm {
    private final QuadraticForm form;

    public QuadraticNorm(QuadraticForm form) {
        this.form = form;
    }

    public QuadraticNorm(double[][] d) {
        this(new QuadraticForm("norm.D", d));
    }

    public QuadraticForm form() {
        return form;
    }

    @Override
    public String name() {
        return "quadratic";
    }

    @Override
    public double value(double[] v) {
        return Math.sqrt(Math.max(0, form.form(v)));
    }

    @Override
    public double dual(double[] g) {
        return Math.sqrt(Math.max(0, form.inverseForm(g)));
    }

    @Override
    public void steepestStep(double[] g, double[] out, TieRule ties) {
        form.solve(g, out);
        for (int i = 0; i < out.length; i++) {
            out[i] = -out[i];
        }
    }
}
