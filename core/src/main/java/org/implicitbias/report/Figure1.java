package org.implicitbias.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.TieRule;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Budget;
import org.implicitbias.optim.Momentum;
import org.implicitbias.optim.Runner;
import org.implicitbias.optim.StepRule;
import org.implicitbias.optim.Trace;

/**
 * Figure 1 of Gunasekar, Lee, Soudry and Srebro (2018): the limit an optimizer reaches on an
 * under-determined squared-loss problem depends on momentum and step size, so it is not
 * characterised by the geometry alone. Three panels, each computed here from runs of the
 * optimizers (nothing is drawn from remembered numbers):
 * <ul>
 *   <li>(a) Example 2: mirror descent with the entropy potential and primal momentum (eq. 8),
 *       {@code grad psi(w_{t+1}) = grad psi(w_t + beta Dw_{t-1}) - eta grad L(w_t + gamma Dw_{t-1})},
 *       on {@code X = [[1, 2]], y = [1]} from {@code w0 = (1, 1) = argmin psi}, for several
 *       (beta, gamma) with momentum at every step. Reference: {@code argmin_G psi}.</li>
 *   <li>(b) Example 3: natural gradient descent (eq. 9) with {@code H = Hessian of entropy}, same data
 *       and start, for several step sizes eta that keep {@code w > 0}; and its eta -> 0 limit, the
 *       natural-gradient flow (eq. 10), which reaches {@code argmin_G D_psi(w, w0)}.</li>
 *   <li>(c) Example 4: steepest descent (eq. 11) w.r.t. {@code ||.||_{4/3}} on
 *       {@code X = [[1, 1, 1], [1, 2, 0]], y = [1, 10]} from {@code w0 = 0}, for several step sizes,
 *       with the minimum-norm point {@code argmin_G ||w||_{4/3}} and the eta -> 0 limit, estimated by
 *       Richardson extrapolation ({@link Extrapolation}) of the limits at eta = 1e-3, 5e-4, 2.5e-4.</li>
 * </ul>
 * Loss everywhere {@code L(w) = sum_n (<w, x_n> - y_n)^2}; {@code G = {w : Xw = y}}.
 *
 * <p>Every panel is returned as a {@link Panel} value holding the picture ({@link Plot}) and the
 * facts behind it (limit of each setting, reference points), so the facts can be checked without
 * reading pixels.
 */
public final class Figure1 {
    /** Key of the starting point w0 in {@link Panel#points()}. */
    public static final String START = "start";
    /** Key of {@code argmin_G D_psi(w, w0) = argmin_G psi} (panels a, b). */
    public static final String MINIMUM_POTENTIAL = "minimum-potential";
    /** Key of the natural-gradient flow's limit (panel b). */
    public static final String FLOW_LIMIT = "flow-limit";
    /** Key of {@code argmin_G ||w||_{4/3}} (panel c). */
    public static final String MINIMUM_NORM = "minimum-norm";
    /** Key of the extrapolated eta -> 0 limit of steepest descent (panel c). */
    public static final String SMALL_STEP_LIMIT = "small-step-limit";

    /** Step size of the mirror-descent runs in panel (a). */
    static final double EXAMPLE_2_STEP = 0.03;
    /**
     * (beta, gamma) tried in panel (a); (0, 0) is plain mirror descent, the control that Theorem 1
     * covers. Large beta overshoots out of w > 0 at this step size (the point
     * {@code w_t + beta Dw_{t-1}} where eq. 8 takes the link leaves the domain); such settings are
     * reported in the notes, not drawn.
     */
    static final double[][] EXAMPLE_2_MOMENTA = {{0, 0}, {0.3, 0}, {0.5, 0}, {0.5, 0.5}, {0.6, 0.5}, {0.9, 0.5}};
    /** Step sizes tried in panel (b); those that leave w > 0 are reported in the notes, not drawn. */
    static final double[] EXAMPLE_3_STEPS = {0.01, 0.05, 0.1, 0.12, 0.2};
    /** Step sizes drawn in panel (c). */
    static final double[] EXAMPLE_4_STEPS = {1e-3, 0.01, 0.03};
    /** The largest step of the eta -> 0 extrapolation in panel (c); the others are h/2 and h/4. */
    static final double EXAMPLE_4_EXTRAPOLATION_STEP = 1e-3;

    private static final int SAMPLES = 4000;
    private static final double SETTLE = 1e-14;

    private Figure1() {
    }

    /**
     * One run of a panel: its label, its hyperparameters and the run's trace (last iterate, outcome,
     * tail movement, sampled iterates).
     */
    public record Setting(String label, Map<String, Double> parameters, Trace trace) {
        public Setting {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        /** The run's limit estimate, its last iterate (a copy). */
        public double[] limit() {
            return trace.w().clone();
        }
    }

    /**
     * One panel: the picture and the facts behind it.
     *
     * @param id       {@code a}, {@code b} or {@code c}
     * @param title    what the panel shows
     * @param plot     the picture
     * @param settings the drawn runs, in legend order
     * @param points   named reference points in full dimension ({@link #START}, {@link #MINIMUM_POTENTIAL}, ...)
     * @param notes    how the reference points were obtained, settings that could not be drawn
     */
    public record Panel(String id, String title, Plot plot, List<Setting> settings, Map<String, double[]> points,
                        List<String> notes) {
        public Panel {
            settings = List.copyOf(settings);
            LinkedHashMap<String, double[]> copy = new LinkedHashMap<>();
            points.forEach((k, v) -> copy.put(k, v.clone()));
            points = Collections.unmodifiableMap(copy);
            notes = List.copyOf(notes);
        }

        /** A named reference point (a copy). */
        public double[] point(String name) {
            double[] p = points.get(name);
            if (p == null) {
                throw new IllegalArgumentException("panel " + id + " has no point '" + name + "'");
            }
            return p.clone();
        }

        /** The setting with this label. */
        public Setting setting(String label) {
            return settings.stream().filter(s -> s.label().equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("panel " + id + " has no setting '" + label + "'"));
        }

        /** The file name stem, {@code figure-1a} etc. */
        public String fileStem() {
            return "figure-1" + id;
        }
    }

    /** All three panels. */
    public static List<Panel> compute() {
        return List.of(panelA(), panelB(), panelC());
    }

    /** Writes each panel as {@code figure-1a.png}, {@code figure-1a.svg}, ...; returns the files written. */
    public static List<Path> write(List<Panel> panels, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Panel p : panels) {
            out.addAll(PlotWriter.write(p.plot(), dir, p.fileStem()));
        }
        return out;
    }

    /** The data of Examples 2 and 3: one example {@code x = (1, 2)}, {@code y = 1}. */
    static Dataset example2Data() {
        return Dataset.of(new double[][] {{1, 2}}, new double[] {1});
    }

    /** The data of Example 4. */
    static Dataset example4Data() {
        return Dataset.of(new double[][] {{1, 1, 1}, {1, 2, 0}}, new double[] {1, 10});
    }

    /** Panel (a): Example 2, entropy mirror descent with primal momentum. */
    public static Panel panelA() {
        Dataset data = example2Data();
        Objective objective = new Objective(data, new Loss.Squared());
        double[] w0 = {1, 1};
        double[] star = EntropyOnHyperplane.solve(data.row(0), data.y(0), w0);
        List<Setting> settings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (double[] bg : EXAMPLE_2_MOMENTA) {
            Algorithm md = new Algorithm.MirrorDescentAlgorithm(new Potential.Entropy(),
                    new StepRule.Constant(EXAMPLE_2_STEP), Momentum.of(bg[0], bg[1]),
                    Algorithm.MomentumForm.PRIMAL, false, 0, 0L);
            Trace trace = run(md, objective, w0, 2_000_000, 200);
            String label = "beta = " + Format.num(bg[0]) + ", gamma = " + Format.num(bg[1]);
            Map<String, Double> params = new LinkedHashMap<>();
            params.put("beta", bg[0]);
            params.put("gamma", bg[1]);
            params.put("eta", EXAMPLE_2_STEP);
            addOrNote(settings, notes, new Setting(label, params, trace));
        }
        notes.add(0, "w*_psi = argmin_G psi solved from its KKT condition w = w0 exp(lambda x) (1-d root in lambda)");
        Map<String, double[]> points = startAndMinimum(w0, star);
        String title = "Fig. 1(a), Example 2: entropy mirror descent with primal momentum (eq. 8), eta = "
                + Format.num(EXAMPLE_2_STEP);
        Plot plot = planePicture(title, data, settings, List.of(
                startMark(w0),
                new Mark("w*_psi = argmin_G psi = " + Format.point(star, 4), star[0], star[1], Mark.Role.REFERENCE)));
        return new Panel("a", title, plot, settings, points, notes);
    }

    /** Panel (b): Example 3, natural gradient descent with the entropy Hessian, and its flow. */
    public static Panel panelB() {
        Dataset data = example2Data();
        Objective objective = new Objective(data, new Loss.Squared());
        double[] w0 = {1, 1};
        double[] star = EntropyOnHyperplane.solve(data.row(0), data.y(0), w0);
        List<Setting> settings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add("w*_psi = argmin_G D_psi(w, w0) solved from its KKT condition w = w0 exp(lambda x) (1-d root in lambda)");
        for (double eta : EXAMPLE_3_STEPS) {
            Algorithm ngd = new Algorithm.NaturalGradientAlgorithm(new Potential.Entropy(), new StepRule.Constant(eta));
            Trace trace = run(ngd, objective, w0, 2_000_000, 200);
            addOrNote(settings, notes, new Setting("eta = " + Format.num(eta), Map.of("eta", eta), trace));
        }
        Algorithm flow = new Algorithm.NaturalGradientFlowAlgorithm(new Potential.Entropy());
        Trace flowTrace = run(flow, objective, w0, 2_000_000, 50);
        if (flowTrace.outcome().failed()) {
            throw new IllegalStateException("the natural-gradient flow of Example 3 failed: " + flowTrace.failure());
        }
        double[] flowLimit = flowTrace.w().clone();
        notes.add("flow limit: natural-gradient-flow (eq. 10) integrated adaptively, " + flowTrace.iterations()
                + " steps, tail movement " + Format.num(flowTrace.tailMovement(), 3));
        Map<String, double[]> points = startAndMinimum(w0, star);
        points.put(FLOW_LIMIT, flowLimit);
        String title = "Fig. 1(b), Example 3: natural gradient descent, H = Hessian of entropy (eq. 9)";
        List<Series> extra = List.of(trajectory("flow (eta -> 0, eq. 10)", flowTrace, 0, 1, Series.Style.LINE));
        Plot plot = planePicture(title, data, settings, extra, List.of(
                startMark(w0),
                new Mark("w*_psi = argmin_G D_psi(w, w0) = " + Format.point(star, 4), star[0], star[1], Mark.Role.REFERENCE),
                new Mark("flow limit " + Format.point(flowLimit, 6), flowLimit[0], flowLimit[1], Mark.Role.LIMIT)));
        return new Panel("b", title, plot, settings, points, notes);
    }

    /** Panel (c): Example 4, steepest descent w.r.t. the l_{4/3} norm. */
    public static Panel panelC() {
        Dataset data = example4Data();
        Objective objective = new Objective(data, new Loss.Squared());
        double[] w0 = new double[3];
        Norm.Lp norm = new Norm.Lp(4.0 / 3.0);
        SolutionLine g = SolutionLine.of(data);
        double[] minNorm = MinNormOnLine.point(norm, g);
        List<Setting> settings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<Double, double[]> limits = new LinkedHashMap<>();
        for (double eta : EXAMPLE_4_STEPS) {
            Trace trace = steepest(objective, norm, eta);
            Setting s = new Setting("eta = " + Format.num(eta), Map.of("eta", eta), trace);
            addOrNote(settings, notes, s);
            limits.put(eta, trace.w());
        }
        double h = EXAMPLE_4_EXTRAPOLATION_STEP;
        double[][] seq = new double[3][];
        for (int k = 0; k < 3; k++) {
            double eta = h / (1 << k);
            double[] lim = limits.get(eta);
            if (lim == null) {
                Trace trace = steepest(objective, norm, eta);
                if (trace.outcome().failed() || !trace.settled()) {
                    throw new IllegalStateException("steepest descent with eta = " + eta
                            + " did not settle: " + trace.outcome());
                }
                lim = trace.w();
            }
            seq[k] = lim;
        }
        Extrapolation ex = Extrapolation.halving(seq[0], seq[1], seq[2]);
        double[] small = ex.estimate();
        notes.add("w*_||.|| = argmin_G ||w||_4/3: Brent minimisation of ||p + t v||_4/3 over G = {p + t v}, p = "
                + Format.point(g.point(), 6) + ", v = " + Format.point(g.direction(), 6)
                + "; norm " + Format.num(norm.value(minNorm), 7));
        notes.add("eta -> 0 limit: Richardson extrapolation (8 L(h/4) - 6 L(h/2) + L(h)) / 3 of the limits at eta = "
                + Format.num(h) + ", " + Format.num(h / 2) + ", " + Format.num(h / 4)
                + "; first- and second-order estimates differ by " + Format.num(ex.errorIndicator(), 2));
        Map<String, double[]> points = new LinkedHashMap<>();
        points.put(START, w0);
        points.put(MINIMUM_NORM, minNorm);
        points.put(SMALL_STEP_LIMIT, small);
        String title = "Fig. 1(c), Example 4: steepest descent w.r.t. ||.||_4/3 (eq. 11), w0 = 0; (w1, w2) of w in R^3";
        List<Series> series = new ArrayList<>();
        for (Setting s : settings) {
            series.add(trajectory(s.label() + " -> " + Format.point(s.limit(), 5), s.trace(), 0, 1,
                    Series.Style.LINE_WITH_MARKERS));
        }
        List<Mark> marks = List.of(
                new Mark("w*_||.|| = argmin_G ||w||_4/3 = " + Format.point(minNorm, 6), minNorm[0], minNorm[1],
                        Mark.Role.REFERENCE),
                new Mark("eta -> 0 limit (extrapolated) " + Format.point(small, 6), small[0], small[1], Mark.Role.LIMIT));
        PlaneGeometry.Box box = PlaneGeometry.bounds(series, marks).grown(0.05, 1e-3);
        double[] p = g.point();
        double[] v = g.direction();
        Series line = PlaneGeometry.clippedLine("G = {Xw = y} projected: " + Format.point(p, 6)
                + " + t " + Format.point(v, 4), p[0], p[1], v[0], v[1], box);
        List<Series> all = new ArrayList<>();
        if (line != null) {
            all.add(line);
        }
        all.addAll(PlaneGeometry.thinnedTrajectories(series, box));
        Plot plot = new Plot(title, "w1", "w2", false, false, all, marks);
        return new Panel("c", title, plot, settings, points, notes);
    }

    private static Trace steepest(Objective objective, Norm norm, double eta) {
        Algorithm sd = new Algorithm.SteepestDescentAlgorithm(norm, new StepRule.Constant(eta), TieRule.LOWEST_INDEX);
        long iterations = (long) Math.ceil(200.0 / eta);
        return run(sd, objective, new double[objective.data().d()], iterations, Math.max(100, (long) (1 / eta)));
    }

    private static Trace run(Algorithm algorithm, Objective objective, double[] w0, long iterations, long window) {
        Budget budget = new Budget(iterations, Double.POSITIVE_INFINITY, window, SETTLE, Budget.Limit.POINT);
        return new Runner(objective, SAMPLES).run(algorithm.start(objective, w0), budget);
    }

    /** A run joins the panel if it ran faithfully; a failed run is named in the notes instead. */
    private static void addOrNote(List<Setting> settings, List<String> notes, Setting s) {
        Trace t = s.trace();
        if (t.outcome().failed()) {
            notes.add(s.label() + ": not drawn, " + t.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + " (" + t.failure() + ")");
            return;
        }
        if (!t.settled()) {
            notes.add(s.label() + ": did not settle within " + t.iterations() + " steps (tail movement "
                    + Format.num(t.tailMovement(), 3) + "); its last iterate is drawn");
        }
        settings.add(s);
    }

    /** The points panels (a) and (b) report, in this order: the start w0 and the potential's minimiser on G. */
    private static Map<String, double[]> startAndMinimum(double[] w0, double[] star) {
        Map<String, double[]> points = new LinkedHashMap<>();
        points.put(START, w0);
        points.put(MINIMUM_POTENTIAL, star);
        return points;
    }

    /** The mark of the start w0 at its (w1, w2) coordinates. */
    private static Mark startMark(double[] w0) {
        return new Mark("start w0 = " + Format.point(w0, 3), w0[0], w0[1], Mark.Role.START);
    }

    /** Trajectory of coordinates (i, j) of the sampled iterates. */
    static Series trajectory(String name, Trace trace, int i, int j, Series.Style style) {
        List<Trace.Sample> samples = trace.samples();
        double[] x = new double[samples.size()];
        double[] y = new double[samples.size()];
        for (int k = 0; k < samples.size(); k++) {
            x[k] = samples.get(k).w()[i];
            y[k] = samples.get(k).w()[j];
        }
        return new Series(name, x, y, style);
    }

    /** The (w1, w2) picture of panels (a) and (b): trajectories, G's line, marks. */
    private static Plot planePicture(String title, Dataset data, List<Setting> settings, List<Mark> marks) {
        return planePicture(title, data, settings, List.of(), marks);
    }

    private static Plot planePicture(String title, Dataset data, List<Setting> settings, List<Series> extra,
                                     List<Mark> marks) {
        List<Series> series = new ArrayList<>();
        for (Setting s : settings) {
            series.add(trajectory(s.label() + " -> " + Format.point(s.limit(), 4), s.trace(), 0, 1,
                    Series.Style.LINE_WITH_MARKERS));
        }
        series.addAll(extra);
        PlaneGeometry.Box box = PlaneGeometry.bounds(series, marks).grown(0.05, 1e-3);
        double[] x = data.row(0);
        double y = data.y(0);
        double nx = Vectors.dot(x, x);
        Series line = PlaneGeometry.clippedLine("G = {w : " + Format.equation(x, y) + "}",
                x[0] * y / nx, x[1] * y / nx, -x[1], x[0], box);
        List<Series> all = new ArrayList<>();
        if (line != null) {
            all.add(line);
        }
        all.addAll(PlaneGeometry.thinnedTrajectories(series, box));
        return new Plot(title, "w1", "w2", false, false, all, marks);
    }
}
