package org.implicitbias.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Budget;
import org.implicitbias.optim.Runner;
import org.implicitbias.optim.Trace;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.oracle.MarginFace;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.Reference;
import org.implicitbias.oracle.ReferenceSolver;

/**
 * Pictures of one run of a problem file: the loss {@code L(w_t)} against t (log-log); the distance
 * to the reference solution against t when the file names one ({@code ||w_t - w*||_2} for a limit
 * point; for a limit direction the direction distance {@code ||w_t/||w_t|| - w*||} and the margin gap
 * {@code gamma - min_n <w_t, z_n>/||w_t||}, in the reference norm); and for d = 2 the trajectory in
 * the plane over the data points, with G's line for regression and the reference marked.
 *
 * <p>The run keeps log-spaced iterates ({@link Runner} samples: every step up to 20, then about 2%
 * apart), so the curves cover early and late iterations evenly on a log axis.
 */
public final class RunPlots {
    /** Iterates kept for the pictures. */
    static final int SAMPLES = 3000;

    private RunPlots() {
    }

    /**
     * A run to draw.
     */
    public static final class Run {
        private final String name;
        private final Dataset data;
        private final Loss loss;
        private final double[] w0;
        private final Algorithm algorithm;
        private final Budget budget;

        public Run(String name, Dataset data, Loss loss, double[] w0, Algorithm algorithm, Budget budget) {
            w0 = w0.clone();
            this.name = name;
            this.data = data;
            this.loss = loss;
            this.w0 = w0;
            this.algorithm = algorithm;
            this.budget = budget;
        }

        /** What the run is called in titles (e.g. the file name). */
        public String name() {
            return name;
        }

        /** The data. */
        public Dataset data() {
            return data;
        }

        /** The loss. */
        public Loss loss() {
            return loss;
        }

        /** The start. */
        public double[] w0() {
            return w0;
        }

        /** The optimizer. */
        public Algorithm algorithm() {
            return algorithm;
        }

        /** When to stop. */
        public Budget budget() {
            return budget;
        }

        /** Equal when every component is, arrays compared by their contents. */
        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Run other
                    && Objects.equals(name, other.name)
                    && Objects.equals(data, other.data)
                    && Objects.equals(loss, other.loss)
                    && Arrays.equals(w0, other.w0)
                    && Objects.equals(algorithm, other.algorithm)
                    && Objects.equals(budget, other.budget));
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, data, loss, Arrays.hashCode(w0), algorithm, budget);
        }

        @Override
        public String toString() {
            return "Run[name=" + name
                    + ", data=" + data
                    + ", loss=" + loss
                    + ", w0=" + Arrays.toString(w0)
                    + ", algorithm=" + algorithm
                    + ", budget=" + budget + "]";
        }
    }

    /** A picture with the suffix of its file name ({@code loss}, {@code distance}, {@code trajectory}). */
    public record Figure(String suffix, Plot plot) {
    }

    /**
     * The run's trace and its pictures.
     *
     * @param trace     what the run showed
     * @param reference the reference solution drawn, or null
     * @param figures   the pictures, in the order loss, distance, trajectory
     * @param notes     what could not be drawn and why
     */
    public record Result(Trace trace, ReferenceSolution reference, List<Figure> figures, List<String> notes) {
        public Result {
            figures = List.copyOf(figures);
            notes = List.copyOf(notes);
        }

        /** The figure with this suffix. */
        public Plot figure(String suffix) {
            return figures.stream().filter(f -> f.suffix().equals(suffix)).findFirst().map(Figure::plot)
                    .orElseThrow(() -> new IllegalArgumentException("no figure '" + suffix + "'"));
        }
    }

    /**
     * Solves the problem's reference program with the oracle's {@link ReferenceSolver}.
     *
     * @param notes receives one line when the program has no solution (infeasible, not separable)
     * @return the solution, or null when there is none
     */
    public static ReferenceSolution solveReference(Reference reference, Dataset data, double[] w0, List<String> notes) {
        Outcome outcome;
        try {
            outcome = new ReferenceSolver().solve(reference, data, w0);
        } catch (IllegalStateException e) {
            // the solver's own method failed: draw the run without a reference and say why
            notes.add("no distance picture: the reference solver failed on " + reference.kind() + " (" + e.getMessage() + ")");
            return null;
        }
        if (!(outcome instanceof Outcome.Solved solved)) {
            notes.add("no distance picture: the reference " + reference.kind() + " has no solution ("
                    + outcome.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": "
                    + outcome.reason() + ")");
            return null;
        }
        Certificate c = solved.certificate();
        String source = reference.kind() + ", certificate " + c.level().label();
        if (c.margin().isPresent()) {
            MarginFace face = c.margin().get();
            if (!face.unique()) {
                notes.add("the max-margin solution is not unique (" + face.faceDescription()
                        + "): the direction distance is to one maximiser; the margin gap is the meaningful measure");
            }
            return ReferenceSolution.direction(face.maximiser(), face.gamma(), face.norm(), source);
        }
        return ReferenceSolution.point(c.point(), source);
    }

    /**
     * Runs the algorithm and builds the pictures.
     *
     * @param reference the reference solution, or null
     * @param notes     notes gathered before the run (e.g. why there is no reference), kept first
     */
    public static Result compute(Run run, ReferenceSolution reference, List<String> notes) {
        Objective objective = new Objective(run.data(), run.loss());
        org.implicitbias.optim.IterativeMethod method = run.algorithm().start(objective, run.w0());
        Trace trace;
        try {
            trace = new Runner(objective, SAMPLES).run(method, run.budget());
        } finally {
            org.implicitbias.optim.ChunkedMethod.closeIfHeld(method);
        }
        return draw(run, trace, reference, notes);
    }

    /** Builds the pictures of a finished run; {@code earlierNotes} are kept first. */
    public static Result draw(Run run, Trace trace, ReferenceSolution reference, List<String> earlierNotes) {
        List<Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>(earlierNotes);
        if (trace.outcome().failed()) {
            notes.add("the run stopped at step " + trace.iterations() + ": "
                    + trace.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + " (" + trace.failure() + "); the pictures show the steps before");
        }
        if (trace.samples().isEmpty()) {
            // the Runner samples w_0 before the first step, so a trace to draw always has a sample
            throw new IllegalStateException("the run kept no iterates to draw (sampling was off)");
        }
        String what = run.algorithm().kind() + ", " + run.loss().name() + " loss, N = " + run.data().n()
                + ", d = " + run.data().d();
        figures.add(new Figure("loss", lossPlot(run.name() + ": loss of " + what, trace)));
        if (reference != null) {
            figures.add(new Figure("distance", distancePlot(run, trace, reference)));
        }
        if (run.data().d() == 2) {
            figures.add(new Figure("trajectory", trajectoryPlot(run, trace, reference, notes)));
        } else {
            notes.add("no trajectory picture: d = " + run.data().d() + " (drawn for d = 2 only)");
        }
        return new Result(trace, reference, figures, notes);
    }

    /** Writes {@code dir/stem-loss.png}, {@code .svg}, and so on; returns the files written. */
    public static List<Path> write(Result result, Path dir, String stem) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Figure f : result.figures()) {
            out.addAll(PlotWriter.write(f.plot(), dir, stem + "-" + f.suffix()));
        }
        return out;
    }

    /** {@code L(w_t)} against {@code t + 1}, log-log; log10 L on a linear axis when L underflows. */
    static Plot lossPlot(String title, Trace trace) {
        List<Trace.Sample> samples = trace.samples();
        boolean underflow = false;
        int kept = 0;
        for (Trace.Sample s : samples) {
            if (Double.isFinite(s.logLoss())) {
                kept++;
                underflow |= s.logLoss() < -700;
            }
        }
        if (kept == 0) {
            return new Plot(title, "iteration t + 1", "L(w_t)", true, false, List.of(),
                    List.of(new Mark("L(w_t) = 0 at every sampled step", 1, 0)));
        }
        double[] x = new double[kept];
        double[] y = new double[kept];
        int k = 0;
        for (Trace.Sample s : samples) {
            if (Double.isFinite(s.logLoss())) {
                x[k] = s.t() + 1.0;
                y[k] = underflow ? s.logLoss() / Math.log(10) : Math.exp(s.logLoss());
                k++;
            }
        }
        String omitted = kept < samples.size() ? " (steps with L = 0 exactly omitted)" : "";
        String yLabel = (underflow ? "log10 L(w_t)" : "L(w_t), log scale") + omitted;
        return new Plot(title, "iteration t + 1 (log scale)", yLabel, true, !underflow,
                List.of(new Series(trace.method(), x, y, Series.Style.LINE)), List.of());
    }

    /** Distance to the reference against {@code t + 1}, log-log; non-positive values omitted. */
    static Plot distancePlot(Run run, Trace trace, ReferenceSolution ref) {
        List<Trace.Sample> samples = trace.samples();
        List<Series> series = new ArrayList<>();
        String title;
        if (!ref.isDirection()) {
            double[] star = ref.w();
            double[] d = new double[samples.size()];
            for (int k = 0; k < samples.size(); k++) {
                d[k] = Vectors.distance(samples.get(k).w(), star);
            }
            addPositive(series, "||w_t - w*||_2", samples, d);
            title = run.name() + ": distance to the reference point w* (" + ref.source() + ")";
        } else {
            double[] dir = new double[samples.size()];
            double[] gap = new double[samples.size()];
            double[] star = ref.w();
            double[] z = run.data().signedRowMajor();
            int n = run.data().n();
            int dim = run.data().d();
            for (int k = 0; k < samples.size(); k++) {
                double[] w = samples.get(k).w();
                double norm = ref.norm().value(w);
                if (!(norm > 0)) {
                    dir[k] = Double.NaN;
                    gap[k] = Double.NaN;
                    continue;
                }
                double[] u = Vectors.scaled(1 / norm, w);
                dir[k] = ref.norm().value(Vectors.subtract(u, star));
                double min = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    min = Math.min(min, Vectors.dot(z, i * dim, u, dim));
                }
                gap[k] = ref.gamma() - min;
            }
            String nn = ref.norm().name();
            addPositive(series, "direction distance ||w_t/||w_t|| - w*|| (" + nn + ")", samples, dir);
            addPositive(series, "margin gap gamma - min_n <w_t, z_n>/||w_t|| (" + nn + ")", samples, gap);
            title = run.name() + ": distance to the max-margin direction, gamma = " + Format.num(ref.gamma(), 6)
                    + " (" + ref.source() + ")";
        }
        if (series.isEmpty()) {
            return new Plot(title, "iteration t + 1 (log scale)", "distance", true, false, List.of(),
                    List.of(new Mark("distance 0 at every sampled step", 1, 0)));
        }
        return new Plot(title, "iteration t + 1 (log scale)", "distance, log scale (values <= 0 omitted)",
                true, true, series, List.of());
    }

    private static void addPositive(List<Series> out, String name, List<Trace.Sample> samples, double[] v) {
        int kept = 0;
        for (double d : v) {
            if (d > 0 && Double.isFinite(d)) {
                kept++;
            }
        }
        if (kept == 0) {
            return;
        }
        double[] x = new double[kept];
        double[] y = new double[kept];
        int k = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0 && Double.isFinite(v[i])) {
                x[k] = samples.get(i).t() + 1.0;
                y[k] = v[i];
                k++;
            }
        }
        out.add(new Series(name, x, y, Series.Style.LINE));
    }

    /** The (w1, w2) plane: trajectory, data points, G (regression), reference. */
    static Plot trajectoryPlot(Run run, Trace trace, ReferenceSolution ref, List<String> notes) {
        Dataset data = run.data();
        List<Series> series = new ArrayList<>();
        series.add(Figure1.trajectory("w_t, " + trace.method() + " (" + trace.iterations() + " steps) -> "
                + Format.point(trace.w(), 5), trace, 0, 1, Series.Style.LINE_WITH_MARKERS));
        boolean monotone = run.loss().monotone();
        if (monotone) {
            addData(series, data, 1, "data x_n with y_n = +1");
            addData(series, data, -1, "data x_n with y_n = -1");
        } else {
            addData(series, data, 0, "data x_n (rows of X)");
        }
        List<Mark> marks = new ArrayList<>();
        double[] w0 = run.w0();
        marks.add(new Mark("start w0 = " + Format.point(w0, 4), w0[0], w0[1], Mark.Role.START));
        Series refRay = null;
        if (ref != null && !ref.isDirection()) {
            double[] s = ref.w();
            marks.add(new Mark("reference w* = " + Format.point(s, 6), s[0], s[1], Mark.Role.REFERENCE));
        } else if (ref != null) {
            // the max-margin direction as a ray from 0 to the run's current length
            double[] s = ref.w();
            double len = Vectors.norm2(trace.w()) / Vectors.norm2(s);
            if (Double.isFinite(len) && len > 0) {
                refRay = new Series("max-margin direction w* = " + Format.point(s, 5) + " (ray)",
                        new double[] {0, len * s[0]}, new double[] {0, len * s[1]}, Series.Style.DASHED);
                series.add(refRay);
            }
        }
        PlaneGeometry.Box box = PlaneGeometry.bounds(series, marks).grown(0.05, 1e-3);
        List<Series> all = new ArrayList<>();
        if (!monotone) {
            Series g = solutionSet(data, box, marks, notes);
            if (g != null) {
                all.add(g);
            }
        }
        all.addAll(PlaneGeometry.thinnedTrajectories(series, box));
        String title = run.name() + ": trajectory of " + run.algorithm().kind() + " in the (w1, w2) plane";
        return new Plot(title, "w1", "w2", false, false, all, marks);
    }

    private static void addData(List<Series> series, Dataset data, int label, String name) {
        int count = 0;
        for (int i = 0; i < data.n(); i++) {
            if (label == 0 || data.y(i) == label) {
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        double[] x = new double[count];
        double[] y = new double[count];
        int k = 0;
        for (int i = 0; i < data.n(); i++) {
            if (label == 0 || data.y(i) == label) {
                x[k] = data.x(i, 0);
                y[k] = data.x(i, 1);
                k++;
            }
        }
        series.add(new Series(name, x, y, Series.Style.MARKERS));
    }

    /** G = {Xw = y} in the plane: a clipped line (rank 1), a marked point (rank 2). */
    private static Series solutionSet(Dataset data, PlaneGeometry.Box box, List<Mark> marks, List<String> notes) {
        try {
            SolutionLine g = SolutionLine.of(data);
            double[] p = g.point();
            double[] v = g.direction();
            String name = data.n() == 1 ? "G = {w : " + Format.equation(data.row(0), data.y(0)) + "}"
                    : "G = {w : Xw = y}";
            return PlaneGeometry.clippedLine(name, p[0], p[1], v[0], v[1], box);
        } catch (InvalidInputException e) {
            double[] w = uniqueSolution(data);
            if (w != null) {
                marks.add(new Mark("G = {Xw = y} = {" + Format.point(w, 5) + "}", w[0], w[1]));
            } else {
                notes.add("G not drawn: " + e.getMessage());
            }
            return null;
        }
    }

    /** The single solution of Xw = y when X has rank 2 and the system is consistent, else null. */
    private static double[] uniqueSolution(Dataset data) {
        org.apache.commons.math3.linear.RealMatrix x =
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(data.matrix());
        org.apache.commons.math3.linear.SingularValueDecomposition svd =
                new org.apache.commons.math3.linear.SingularValueDecomposition(x);
        if (svd.getRank() != 2) {
            return null;
        }
        double[] w = svd.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(data.y())).toArray();
        double[] r = Vectors.subtract(Vectors.multiply(data.rowMajor(), data.n(), 2, w), data.y());
        return Vectors.norm2(r) <= 1e-9 * Math.max(1, Vectors.norm2(data.y())) ? w : null;
    }
}
