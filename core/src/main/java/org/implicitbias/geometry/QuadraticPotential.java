package org.implicitbias.geometry;

/**
 * {@code psi(w) = 1/2 w'Dw}, D symmetric positive definite: link {@code Dw}, inverse link
 * {@code D^{-1} theta}, Hessian D, {@code D_psi(w, v) = 1/2 (w-v)'D(w-v)}. Mirror descent with it is
 * preconditioned gradient descent and coincides with natural gradient descent.
 */
public final class QuadraticPotential implements Potential {
    private final QuadraticForm form;

    public QuadraticPotential(QuadraticForm form) {
        this.form = form;
    }

    public QuadraticPotential(double[][] d) {
        this(new QuadraticForm("potential.D", d));
    }

    public QuadraticForm form() {
        return form;
    }

    @Override
    public String name() {
        return "quadratic";
    }

    @Override
    public double value(double[] w) {
        return 0.5 * form.form(w);
    }

    @Override
    public void link(double[] w, double[] out) {
        form.multiply(w, out);
    }

    @Override
    public void inverseLink(double[] theta, double[] out) {
        form.solve(theta, out);
    }

    @Override
    public double[][] hessian(double[] w) {
        return form.matrix();
    }

    @Override
    public void solveHessian(double[] w, double[] g, double[] out) {
        form.solve(g, out);
    }

    @Override
    public double[] minimizer(int d) {
        return new double[d];
    }

    @Override
    public double bregman(double[] w, double[] v) {
        return 0.5 * form.form(org.implicitbias.model.Vectors.subtract(w, v));
    }
}
