package org.implicitbias.oracle.certify;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.oracle.MarginFace;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.Reference;
import org.implicitbias.oracle.certify.PolyhedralCertificates.PolyhedralNorm;
import org.implicitbias.oracle.certify.PowerCertificates.Program;

/**
 * Raises the level of a floating-point reference solution ({@link Certificate}, level NUMERIC) by
 * certifying it on the exact rationals of the data, with the strongest route the program allows:
 * <table>
 *   <caption>Routes by program</caption>
 *   <tr><th>program</th><th>route</th><th>level when proved</th></tr>
 *   <tr><td>min-bregman squared-l2 / quadratic D; min-norm l2 / quadratic D</td>
 *       <td>the KKT system {@code D(w - w0) = X'lambda, Xw = y} solved in rationals
 *       ({@link QuadraticCertificates#minBregman}), bounded duality gap as fallback</td><td>EXACT</td></tr>
 *   <tr><td>every smooth program: min-bregman entropy, hypentropy, lp-power, squared-lp (with or
 *       without the simplex); min-norm and min-distance lp</td><td>first the bounded route
 *       ({@link SmoothCertificates#bounded}: proven feasibility correction, enclosed stationarity
 *       residual, curvature on a ball), then the stronger routes below</td><td>BOUNDED</td></tr>
 *   <tr><td>min-bregman entropy</td><td>rational minimiser and monomial identities
 *       ({@link EntropyCertificates#exact}), else the Z3 box ({@link EntropyCertificates#box})</td>
 *       <td>EXACT or SMT</td></tr>
 *   <tr><td>min-bregman lp-power / squared-lp (w0 = 0); min-norm lp, rational p</td>
 *       <td>Z3 box on the KKT system ({@link PowerCertificates#box})</td><td>SMT</td></tr>
 *   <tr><td>min-norm l1 / linf; max-margin l1 / linf</td><td>exact LP vertex and dual
 *       ({@link PolyhedralCertificates}), then the exact uniqueness decision (detail
 *       {@code uniqueness}); margin interval as fallback</td><td>EXACT (BOUNDED)</td></tr>
 *   <tr><td>max-margin l2 / quadratic D</td><td>the support-set linear system of the hard margin
 *       ({@link MarginCertificates#candidate}); bounded duality gap as fallback</td><td>EXACT (BOUNDED)</td></tr>
 *   <tr><td>max-margin-nuclear</td><td>weak duality with exact LDL' psd certificates
 *       ({@link NuclearCertificates#marginBounds}); the point's own feasibility is decided too
 *       (detail {@code point-feasible})</td><td>BOUNDED</td></tr>
 *   <tr><td>max-margin lp, rational p</td><td>Hölder and weak duality with exact root bounds
 *       ({@link LpMarginCertificates#marginBounds}): an interval for gamma</td><td>BOUNDED</td></tr>
 * </table>
 *
 * <p>The claim certified is that the exact optimum lies within {@code radius} (l_inf; default
 * {@value #DEFAULT_RADIUS_TEXT}, a box of width {@code 2 radius}) of the certificate's point. A
 * REFUTED proof (the optimum is not near the point, or the program is infeasible) never raises the
 * level: the certificate keeps its level with the detail {@code certification: refuted: <reason>};
 * an UNKNOWN proof (timeout, Z3 unknown) keeps it with {@code certification: unknown: <reason>}. A
 * PROVED proof raises the level (never lowers it) and records {@code proof}, {@code distance-bound}
 * (an upper bound on the distance from the printed point to the exact optimum, rounded up),
 * {@code box-width} (SMT routes), {@code z3-queries} and {@code certify-seconds}. On the EXACT routes
 * that give the optimum itself, the point becomes the nearest doubles of the exact optimum
 * (detail {@code exact-w}); on the SMT routes, the nearest doubles of the midpoint of the proven
 * enclosure of the optimum (detail {@code enclosure-width}); the distance bound is then that of the
 * new point. Residuals, values and multipliers stay those of the floating-point solver.
 *
 * <p>Exact inputs: the data's rationals ({@link Dataset#exactX()}, {@link Dataset#exactY()}) and
 * the exact start when given. Parameters stored as doubles (p of the l_p geometries, the matrix D)
 * are read as the simplest rational that rounds to the stored double (e.g. {@code 4/3} for
 * {@code 1.3333333333333333}); the detail {@code p} records the value used.
 *
 * <p>Time: every call has a budget ({@link #withBudget}, default {@value #DEFAULT_BUDGET_TEXT} s),
 * installed as the calling thread's {@link Deadline} while the routes run. The exact loops check it
 * and each Z3 query runs for at most the time left, so a call returns about the budget after it
 * started (no thread is started); when it runs out the level stays the best one proved before and
 * the detail reads {@code certification: unknown: time budget of B s exhausted in <route> (<loop>)}
 * ({@code certification-<role>} keeps the outcome of a route decided before). A route whose exact
 * work is estimated ({@link ExactCost}: rows, columns and bit length of the data) to exceed the time
 * left is not started: its proof is UNKNOWN with {@code not attempted: ... estimated at E s, more than
 * the R s left ...}, and the cheaper routes after it still run. The detail
 * {@code certify-budget-seconds} records the budget. The bounded route of the smooth programs
 * ({@link SmoothCertificates}) runs first and is not stopped by the budget: its work is floating point
 * of order {@code N^2 d} plus exact sums of order {@code N d}, and it is what keeps a reference from
 * falling back to the numeric level.
 *
 * <p>Z3: one {@link Z3Session} per call, opened in the calling thread and closed before the call
 * returns; every query has the configured timeout, and queries longer than the configured number
 * of characters are answered unknown without running Z3 (it overruns its timeout on long rational
 * coefficients). The exact rational checks do not depend on Z3: when a cross-check is unknown the
 * rational verdict stands and the reason is recorded. Thread-safe: an instance holds only its settings.
 */
public final class Certifier {
    static final String DEFAULT_BUDGET_TEXT = "5";
    /** Default per-query Z3 timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final String DEFAULT_RADIUS_TEXT = "5e-10";
    /** Default l_inf radius of the certified box around the point: 5e-10 (box width 1e-9). */
    public static final BigFraction DEFAULT_RADIUS = ExactNumbers.parse("radius", DEFAULT_RADIUS_TEXT);
    /** Radius (l2) of the BOUNDED fallbacks, whose duality-gap bounds are of order sqrt(gap). */
    static final BigFraction BOUNDED_RADIUS = new BigFraction(1, 1_000_000);
    /**
     * Default longest query attempted (SMT-LIB characters); longer ones are answered unknown
     * without running Z3, which overruns its timeout on long rational coefficients
     * ({@link Z3Session#open(Duration, int)}).
     */
    public static final int DEFAULT_MAX_QUERY_CHARS = 10_000;
    /** A simplex-constrained candidate with a coordinate below this has active bounds w_j >= 0. */
    private static final double ACTIVE_BOUND = 1e-7;
    /** Default time budget of one certification ({@link #withBudget}). */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(5);

    private final Duration timeout;
    private final BigFraction radius;
    private final int maxQueryChars;
    private final Duration budget;

    /** A certifier with the default timeout, radius and query limit. */
    public Certifier() {
        this(DEFAULT_TIMEOUT, DEFAULT_RADIUS);
    }

    /** A certifier with the default query limit {@value #DEFAULT_MAX_QUERY_CHARS}; see the full constructor. */
    public Certifier(Duration timeout, BigFraction radius) {
        this(timeout, radius, DEFAULT_MAX_QUERY_CHARS);
    }

    /**
     * @param timeout per-query Z3 timeout, between 1 ms and about 24 days
     * @param radius  l_inf radius of the certified box around the point, > 0
     * @param maxQueryChars longest SMT query attempted, in characters of SMT-LIB text; longer
     *                      queries are answered unknown at once
     * @throws InvalidInputException on a bad timeout, radius or limit
     */
    public Certifier(Duration timeout, BigFraction radius, int maxQueryChars) {
        if (timeout == null || timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new InvalidInputException("timeout", timeout, "a duration between 1 ms and 2^31 - 1 ms");
        }
        Inputs.positive("radius", radius);
        if (maxQueryChars < 1) {
            throw new InvalidInputException("maxQueryChars", maxQueryChars, "a positive number of characters");
        }
        this.timeout = timeout;
        this.radius = radius;
        this.maxQueryChars = maxQueryChars;
        this.budget = DEFAULT_BUDGET;
    }

    private Certifier(Certifier settings, Duration budget) {
        this.timeout = settings.timeout;
        this.radius = settings.radius;
        this.maxQueryChars = settings.maxQueryChars;
        this.budget = Deadline.validate("budget", budget);
    }

    /**
     * This certifier with another time budget per certification (default {@value #DEFAULT_BUDGET_TEXT}
     * seconds): every call of {@link #certify} returns within about the budget, its exact loops and Z3
     * queries stopped cooperatively by a {@link Deadline}; routes whose estimated exact work
     * ({@link ExactCost}) exceeds the time left are not started.
     *
     * @throws InvalidInputException if the budget is not between 1 ms and a day
     */
    public Certifier withBudget(Duration budget) {
        return new Certifier(this, budget);
    }

    /** The time budget of one certification. */
    public Duration budget() {
        return budget;
    }

    public Duration timeout() {
        return timeout;
    }

    public BigFraction radius() {
        return radius;
    }

    /**
     * The result of a certification: the certificate (raised, or at its old level with the reason)
     * and every proof that was attempted, in order, with the role it played.
     */
    public record Certified(Certificate certificate, List<Step> steps) {
        public Certified {
            Objects.requireNonNull(certificate, "certificate");
            steps = List.copyOf(steps);
        }

        /** The proofs, in order. */
        public List<Proof> proofs() {
            return steps.stream().map(Step::proof).toList();
        }

        /** Whether the level was raised. */
        public boolean raised(Certificate.Level before) {
            return certificate.level().strongerThan(before);
        }

        /**
         * Writes every decided query of every proof as
         * {@code dir/<proof index>-<role>-<query index>-<query name>.smt2} (SMT-LIB 2.6 with the
         * recorded answer as {@code :status}); returns the paths in order.
         */
        public List<Path> writeSmtLib(Path dir) throws IOException {
            List<Path> out = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                List<SmtOutcome> qs = s.proof().queries();
                for (int k = 0; k < qs.size(); k++) {
                    out.add(qs.get(k).write(dir, String.format(java.util.Locale.ROOT, "%02d-%s-%02d-", i + 1, s.role(), k + 1)));
                }
            }
            return out;
        }
    }

    /**
     * One proof and the role it played: {@code main} (decides the level), {@code fallback} (a weaker
     * route after an UNKNOWN), {@code uniqueness}, {@code point-feasible}.
     */
    public record Step(String role, Proof proof) {
        public Step {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(proof, "proof");
        }
    }

    /**
     * Certifies a solved outcome, with the start given as doubles (their exact values are used).
     *
     * @param solved a {@link Outcome.Solved} outcome of {@code ref} on {@code data}
     * @param ref    the program (must be the certificate's)
     * @param data   the data; its exact rationals are used
     * @param w0     the start (min-bregman, min-distance; min-norm measures from the origin), or null for the margin programs
     * @throws IllegalArgumentException if the outcome is not solved or is of another program
     */
    public Certified certify(Outcome solved, Reference ref, Dataset data, double[] w0) {
        return certify(solved, ref, data, w0 == null ? null : ExactNumbers.ofDoubles(w0));
    }

    /** As {@link #certify(Outcome, Reference, Dataset, double[])} with the exact start. */
    public Certified certify(Outcome solved, Reference ref, Dataset data, BigFraction[] w0) {
        if (!(solved instanceof Outcome.Solved s)) {
            throw new IllegalArgumentException("only a solved outcome has a certificate to certify: " + solved.reason());
        }
        Certificate c = s.certificate();
        if (!c.reference().equals(ref)) {
            throw new IllegalArgumentException("the certificate is of " + c.reference() + ", not of " + ref);
        }
        return certify(c, data, w0);
    }

    /**
     * Certifies a certificate of its own program ({@link Certificate#reference()}) on the data.
     * Never throws on a certification failure: an error of the certification layer keeps the level
     * and is recorded as {@code certification: failed: <message>}.
     */
    public Certified certify(Certificate c, Dataset data, BigFraction[] w0) {
        return certify(c, data, w0, Deadline.after(budget));
    }

    /** As {@link #certify(Certificate, Dataset, BigFraction[])} within a given deadline (tests). */
    Certified certify(Certificate c, Dataset data, BigFraction[] w0, Deadline deadline) {
        Objects.requireNonNull(c, "certificate");
        Objects.requireNonNull(data, "data");
        long start = System.nanoTime();
        Run run = new Run(c, data, exactCentre(c.reference(), data, w0));
        try (Deadline.Scope scope = deadline.install()) {
            run.route();
        } catch (BudgetExhaustedException e) {
            run.exhausted(e);
        } catch (RuntimeException | LinkageError e) {
            run.failed(e);
        } finally {
            run.closeSession();
        }
        return run.finish(start, deadline);
    }

    /** The start as the program measures from it: the origin for {@code min-norm}, else {@code w0}. */
    private static BigFraction[] exactCentre(Reference ref, Dataset data, BigFraction[] w0) {
        if (ref instanceof Reference.MinNorm) {
            BigFraction[] zero = new BigFraction[data.d()];
            java.util.Arrays.fill(zero, BigFraction.ZERO);
            return zero;
        }
        return w0;
    }

    /**
     * The outcome with its certificate raised, or the outcome unchanged on any failure (bad input,
     * an unsolved outcome, an error of the solver library); never throws. Default timeout and
     * radius. For callers that judge many instances and only need the level.
     */
    public static Outcome certifyQuietly(Outcome solved, Reference ref, Dataset data, double[] w0) {
        return certifyQuietly(solved, ref, data, w0, DEFAULT_TIMEOUT);
    }

    /** As {@link #certifyQuietly(Outcome, Reference, Dataset, double[])} with a per-query Z3 timeout. */
    public static Outcome certifyQuietly(Outcome solved, Reference ref, Dataset data, double[] w0, Duration timeout) {
        if (!(solved instanceof Outcome.Solved)) {
            return solved;
        }
        try {
            return new Outcome.Solved(new Certifier(timeout, DEFAULT_RADIUS).certify(solved, ref, data, w0).certificate());
        } catch (RuntimeException | LinkageError e) {
            return solved;
        }
    }

    /** The certificate raised, or unchanged on any failure; never throws. See {@link #certifyQuietly(Outcome, Reference, Dataset, double[])}. */
    public static Certificate certifyQuietly(Certificate c, Dataset data, double[] w0) {
        try {
            return new Certifier().certify(c, data, w0 == null ? null : ExactNumbers.ofDoubles(w0)).certificate();
        } catch (RuntimeException | LinkageError e) {
            return c;
        }
    }

    // ---- one certification ---------------------------------------------------------------------

    /** State of one call: the inputs, the lazily opened session, the proofs and the new details. */
    private final class Run {
        private final Certificate cert;
        private final Dataset data;
        private final BigFraction[] w0;
        private final double[] point;
        private final List<Step> steps = new ArrayList<>();
        private final Map<String, String> details = new LinkedHashMap<>();
        private Z3Session session;
        private Certificate.Level level;
        private BigFraction[] exactPoint;
        private double[] enclosedPoint;
        private String lastRole;

        Run(Certificate cert, Dataset data, BigFraction[] w0) {
            this.cert = cert;
            this.data = data;
            this.w0 = w0 == null ? null : w0.clone();
            this.point = cert.point();
            this.level = cert.level();
        }

        Z3Session session() {
            if (session == null) {
                session = Z3Session.open(timeout, maxQueryChars);
            }
            return session;
        }

        void closeSession() {
            if (session != null) {
                session.close();
            }
        }

        void route() {
            Reference ref = cert.reference();
            if (ref instanceof Reference.MinBregman mb) {
                minBregman(mb.potential(), mb.simplex());
            } else if (ref instanceof Reference.NormProgram mn) {
                minNorm(mn.norm());
            } else if (ref instanceof Reference.MaxMargin mm) {
                maxMargin(mm.norm());
            } else if (ref instanceof Reference.MaxMarginNuclear nu) {
                nuclear(nu.size());
            } else {
                none("no certification route for " + ref.kind());
            }
        }

        // ---- min-bregman ------------------------------------------------------------------------

        private void minBregman(Potential psi, boolean simplex) {
            BigFraction[][] x = data.exactX();
            BigFraction[] y = data.exactY();
            BigFraction[] start = start(x[0].length);
            if (simplex) {
                x = appendOnes(x);
                y = Arrays.copyOf(y, y.length + 1);
                y[y.length - 1] = BigFraction.ONE;
            }
            boolean quadratic = psi instanceof Potential.SquaredL2 || psi instanceof QuadraticPotential;
            if (!quadratic) {
                // The cheap rigorous route first; the exact and SMT routes below may raise it.
                BigFraction p = psi instanceof Potential.LpPower lp ? intended(lp.p())
                        : psi instanceof Potential.SquaredLp sq ? intended(sq.p()) : null;
                decide("bounded", SmoothCertificates.bounded(SmoothObjective.bregman(psi, p, start), x, y, simplex, point));
            }
            if (simplex) {
                if (!(psi instanceof Potential.Entropy) && minOf(point) < ACTIVE_BOUND) {
                    none("bounds w_j >= 0 of the simplex are active at the point (min w_j = " + minOf(point)
                            + "); the exact routes cover interior simplex solutions only");
                    return;
                }
                // Interior solution (or entropy, whose domain is w > 0): the simplex is the row 1'w = 1.
                details.put("simplex", "the row sum w = 1 appended to X"
                        + (psi instanceof Potential.Entropy ? "" : "; w >= 0 is inactive (min w_j >= " + ACTIVE_BOUND + ")"));
            }
            if (psi instanceof Potential.SquaredL2) {
                quadratic(x, y, start, null);
            } else if (psi instanceof QuadraticPotential q) {
                quadratic(x, y, start, intended(q.form().matrix()));
            } else if (psi instanceof Potential.Entropy) {
                Proof p = EntropyCertificates.certify(x, y, start, point, radius, session());
                if (decide("main", p) && p.level() == Certificate.Level.EXACT) {
                    exactPoint(p.witness("w"));
                }
                enclosure(p);
            } else if (psi instanceof Potential.LpPower lp) {
                power(Program.MIN_BREGMAN_LP_POWER, lp.p(), x, y, start);
            } else if (psi instanceof Potential.SquaredLp sq) {
                if (!RationalAlgebra.isZero(start)) {
                    none("squared-lp is encoded from w0 = 0 = argmin psi only; w0 is not zero");
                } else {
                    power(Program.MIN_BREGMAN_SQUARED_LP, sq.p(), x, y, start);
                }
            } else {
                none("no exact or SMT route for the " + psi.name() + " potential");
            }
        }

        private void quadratic(BigFraction[][] x, BigFraction[] y, BigFraction[] start, BigFraction[][] dmat) {
            Proof p = QuadraticCertificates.minBregman(x, y, start, dmat, point, null, radius, session());
            if (decide("main", p)) {
                exactPoint(p.witness("w"));
            } else if (p.status() == Proof.Status.UNKNOWN) {
                Proof b = QuadraticCertificates.bounded(x, y, start, dmat, point, null, BOUNDED_RADIUS);
                decide("fallback", b);
            }
        }

        private void power(Program program, double pd, BigFraction[][] x, BigFraction[] y, BigFraction[] start) {
            BigFraction p = intended(pd);
            details.put("p", ExactNumbers.format(p));
            if (program == Program.MIN_BREGMAN_SQUARED_LP && p.compareTo(BigFraction.TWO) > 0) {
                none("squared-lp is encoded for p in (1, 2] only; p = " + ExactNumbers.format(p));
                return;
            }
            Proof proof = PowerCertificates.box(program, p, x, y, start, point, radius, session());
            decide("main", proof);
            enclosure(proof);
        }

        // ---- min-norm ---------------------------------------------------------------------------

        private void minNorm(Norm norm) {
            BigFraction[][] x = data.exactX();
            BigFraction[] y = data.exactY();
            BigFraction[] start = start(x[0].length);
            if (norm instanceof Norm.L2) {
                quadratic(x, y, start, null);
            } else if (norm instanceof QuadraticNorm q) {
                quadratic(x, y, start, intended(q.form().matrix()));
            } else if (norm instanceof Norm.L1 || norm instanceof Norm.LInf) {
                PolyhedralNorm pn = norm instanceof Norm.L1 ? PolyhedralNorm.L1 : PolyhedralNorm.LINF;
                double[] lambda = cert.multiplierNames().contains("lambda") ? cert.multiplier("lambda") : null;
                Proof p = PolyhedralCertificates.minNorm(pn, x, y, start, point, lambda, radius, session());
                if (decide("main", p)) {
                    exactPoint(p.witness("w"));
                    uniqueness(PolyhedralCertificates.minNormUniqueness(pn, x, y, start, p, session()));
                }
            } else if (norm instanceof Norm.Lp lp) {
                decide("bounded", SmoothCertificates.bounded(SmoothObjective.lpDistance(intended(lp.p()), start), x, y, false, point));
                power(Program.MIN_NORM, lp.p(), x, y, start);
            } else {
                none("no certification route for the min-norm program of " + norm.name());
            }
        }

        // ---- max-margin -------------------------------------------------------------------------

        private void maxMargin(Norm norm) {
            BigFraction[][] z = signed();
            double[] r = cert.margin().map(MarginFace::dualWeights).orElse(null);
            if (norm instanceof Norm.L2 || norm instanceof QuadraticNorm) {
                BigFraction[][] dmat = norm instanceof QuadraticNorm q ? intended(q.form().matrix()) : null;
                hardMargin(z, dmat, r);
            } else if (norm instanceof Norm.L1 || norm instanceof Norm.LInf) {
                PolyhedralNorm pn = norm instanceof Norm.L1 ? PolyhedralNorm.L1 : PolyhedralNorm.LINF;
                Proof p = PolyhedralCertificates.maxMargin(pn, z, point, r, radius, session());
                if (decide("main", p)) {
                    exactPoint(p.witness("w"));
                    BigFraction[] gamma = p.witness("gamma");
                    if (gamma != null) {
                        details.put("gamma-exact", ExactNumbers.format(gamma[0]));
                    }
                    uniqueness(PolyhedralCertificates.maxMarginUniqueness(pn, z, p, session()));
                } else if (p.status() == Proof.Status.UNKNOWN && r != null) {
                    Proof b = PolyhedralCertificates.marginBounds(pn, z, point, r);
                    if (decide("fallback", b)) {
                        gammaInterval(b);
                    }
                }
            } else if (norm instanceof Norm.Lp lp && r != null) {
                BigFraction p = intended(lp.p());
                details.put("p", ExactNumbers.format(p));
                Proof b = LpMarginCertificates.marginBounds(p, z, point, r);
                if (decide("main", b)) {
                    gammaInterval(b);
                }
            } else {
                none("no exact, SMT or bounded route for the max-margin program of " + norm.name());
            }
        }

        /** l2 / quadratic-norm margin through the hard-margin program {@code min 1/2 w'Dw, Zw >= 1}. */
        private void hardMargin(BigFraction[][] z, BigFraction[][] dmat, double[] r) {
            // The point has unit norm and margin gamma, so the rescaled point c / gamma has margin 1
            // and its errors are those of c times 1/gamma: the same relative accuracy.
            double gammaD = cert.margin().map(MarginFace::gamma).orElse(Double.NaN);
            BigFraction scaled = Double.isFinite(gammaD) && gammaD > 0
                    ? radius.divide(Rationals.simplestNear(gammaD, new BigFraction(gammaD).divide(1000)))
                    : radius;
            boolean multipliers = r != null && Double.isFinite(gammaD) && gammaD > 0;
            // Hard-margin multipliers alpha = r / gamma^2: Z'alpha = Z'r / gamma^2 = u / gamma = w_hat.
            double[] alpha = new double[multipliers ? r.length : 0];
            for (int n = 0; n < alpha.length; n++) {
                alpha[n] = r[n] / (gammaD * gammaD);
            }
            if (dmat == null && multipliers) {
                // The cheap rigorous route first (exact sums only), so that the budget never leaves l2 numeric.
                decide("bounded", MarginCertificates.boundedDirection(z, point, alpha));
            }
            Proof p = MarginCertificates.candidate(z, dmat, point, scaled, session());
            if (decide("main", p)) {
                unitDistance(p.witness("w"), dmat);
            } else if (p.status() == Proof.Status.UNKNOWN && multipliers && dmat != null) {
                decide("fallback", MarginCertificates.bounded(z, dmat, point, alpha, BOUNDED_RADIUS));
            }
        }

        /**
         * The exact hard-margin solution w_hat gives the unit maximiser {@code u* = w_hat gamma},
         * {@code gamma = 1/||w_hat||_D}, irrational in general: bounds {@code g_lo <= gamma <= g_hi}
         * (exact root bounds of {@code gamma^2}) enclose each {@code u*_j}, hence the distance from the point.
         */
        private void unitDistance(BigFraction[] w, BigFraction[][] dmat) {
            BigFraction normSq = RationalAlgebra.dot(w, dmat == null ? w : RationalAlgebra.times(dmat, w));
            BigFraction gammaSq = BigFraction.ONE.divide(normSq);
            BigFraction[] g = Rationals.rootBounds(gammaSq, 2);
            BigFraction bound = BigFraction.ZERO;
            BigFraction[] c = ExactNumbers.ofDoubles(point);
            for (int j = 0; j < w.length; j++) {
                bound = max(bound, c[j].subtract(w[j].multiply(g[0])).abs());
                bound = max(bound, c[j].subtract(w[j].multiply(g[1])).abs());
            }
            details.put("w-hat-exact", join(w));
            details.put("gamma-squared-exact", ExactNumbers.format(gammaSq));
            if (g[0].equals(g[1])) {
                details.put("gamma-exact", ExactNumbers.format(g[0]));
            }
            details.put("distance-bound", up(bound));
            details.put("distance-metric", "linf, from the unit-norm point to w_hat / ||w_hat||");
            details.put("solver-distance-bound", up(bound));
        }

        // ---- nuclear ----------------------------------------------------------------------------

        private void nuclear(int k) {
            BigFraction[][] x = data.exactX();
            BigFraction[] y = data.exactY();
            List<BigFraction[][]> xs = new ArrayList<>();
            for (BigFraction[] row : x) {
                BigFraction[][] m = new BigFraction[k][k];
                for (int i = 0; i < k; i++) {
                    m[i] = Arrays.copyOfRange(row, i * k, (i + 1) * k);
                }
                xs.add(m);
            }
            double[][] w = new double[k][k];
            BigFraction[][] we = new BigFraction[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    w[i][j] = point[i * k + j];
                    we[i][j] = ExactNumbers.ofDouble(point[i * k + j]);
                }
            }
            Proof feasible = NuclearCertificates.feasible(we);
            steps.add(new Step("point-feasible", feasible));
            details.put("point-feasible", status(feasible) + ": " + feasible.reason());
            double[] r = cert.margin().map(MarginFace::dualWeights).orElse(null);
            if (r == null) {
                none("the certificate has no dual weights to bound the margin from above");
                return;
            }
            Proof b = NuclearCertificates.marginBounds(xs, y, w, r);
            if (decide("main", b)) {
                gammaInterval(b);
            }
        }

        // ---- shared -----------------------------------------------------------------------------

        /**
         * Records a level-deciding proof: PROVED raises the level to the proof's (never lowers it);
         * REFUTED and UNKNOWN keep it and record why. Returns whether it was proved.
         */
        private boolean decide(String role, Proof p) {
            steps.add(new Step(role, p));
            if (!p.proved() && besideProof("certification-" + role, status(p) + ": " + p.reason())) {
                return false;
            }
            keepPrevious();
            lastRole = role;
            details.put("proof", p.claim());
            details.put("certification", status(p) + ": " + p.reason());
            if (!p.proved()) {
                return false;
            }
            if (p.level().strongerThan(level)) {
                level = p.level();
            }
            if (p.distanceBound() != null) {
                details.put("distance-bound", up(p.distanceBound()));
                details.put("distance-metric", p.metric().name().toLowerCase(java.util.Locale.ROOT));
                // The solver's own accuracy, before the point is replaced by a better one.
                details.put("solver-distance-bound", up(p.distanceBound()));
            }
            if (p.witness("box-lower") != null) {
                details.put("box-width", up(radius.multiply(2)));
            }
            return true;
        }

        private void uniqueness(Proof u) {
            steps.add(new Step("uniqueness", u));
            String what = switch (u.status()) {
                case PROVED -> "unique";
                case REFUTED -> "not unique";
                case UNKNOWN -> "undecided";
            };
            details.put("uniqueness", what + " (" + u.level().name().toLowerCase(java.util.Locale.ROOT) + "): " + u.reason());
        }

        /**
         * For the SMT box routes: the proven enclosure {@code w-lower <= w* <= w-upper} of the optimum
         * is far tighter than the box; the point becomes the nearest doubles of its midpoint, and the
         * distance bound is that of the new point to the enclosure.
         */
        private void enclosure(Proof p) {
            BigFraction[] lo = p.witness("w-lower");
            BigFraction[] hi = p.witness("w-upper");
            if (!p.proved() || lo == null || hi == null || lo.length != point.length) {
                return;
            }
            BigFraction width = BigFraction.ZERO;
            BigFraction bound = BigFraction.ZERO;
            double[] mid = new double[lo.length];
            for (int i = 0; i < lo.length; i++) {
                width = max(width, hi[i].subtract(lo[i]));
                mid[i] = lo[i].add(hi[i]).divide(2).doubleValue();
                BigFraction m = ExactNumbers.ofDouble(mid[i]);
                bound = max(bound, max(m.subtract(lo[i]).abs(), hi[i].subtract(m).abs()));
            }
            details.put("enclosure-width", up(width));
            details.put("distance-bound", up(bound));
            details.put("distance-metric", "linf, from the point (the enclosure's midpoint) to the optimum");
            enclosedPoint = mid;
        }

        private void gammaInterval(Proof b) {
            BigFraction lo = b.witness("gamma-lower")[0];
            BigFraction hi = b.witness("gamma-upper")[0];
            details.put("gamma-lower", decimal(lo, RoundingMode.FLOOR, 17));
            details.put("gamma-upper", decimal(hi, RoundingMode.CEILING, 17));
            details.put("gamma-interval-width", up(hi.subtract(lo)));
        }

        private void exactPoint(BigFraction[] w) {
            if (w != null && w.length == point.length) {
                exactPoint = w;
                details.put("exact-w", join(w));
            }
        }

        private void none(String why) {
            if (!besideProof("certification-stronger", "none: " + why)) {
                details.put("certification", "none: " + why);
            }
        }

        /**
         * The budget ran out: the level stays the best one proved so far; the proof that was running is
         * neither proved nor refuted. As in {@link #decide}, the previous route's outcome is kept.
         */
        void exhausted(BudgetExhaustedException e) {
            stopped("unknown: " + e.getMessage());
        }

        void failed(Throwable e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            stopped("failed: " + m.replaceAll("\\s*[\\r\\n]+\\s*", " "));
        }

        /** Why the routes stopped: beside a proof already made (which stands), or as the certification itself. */
        private void stopped(String why) {
            if (!besideProof("certification-stronger", why)) {
                keepPrevious();
                details.put("certification", why);
            }
        }

        /**
         * When an earlier route has already raised the level, records under {@code key} why a later one
         * did not decide and returns true: that proof stands as the certification. Otherwise false.
         */
        private boolean besideProof(String key, String why) {
            if (!level.strongerThan(cert.level())) {
                return false;
            }
            details.put(key, why);
            return true;
        }

        /** Before the certification detail is replaced: keeps the previous route's under {@code certification-<role>}. */
        private void keepPrevious() {
            if (lastRole != null && details.containsKey("certification")) {
                details.put("certification-" + lastRole, details.get("certification"));
            }
        }

        Certified finish(long start, Deadline deadline) {
            int queries = 0;
            StringJoiner answers = new StringJoiner(", ");
            for (Step s : steps) {
                for (SmtOutcome q : s.proof().queries()) {
                    queries++;
                    answers.add(q.answer().smtLib());
                }
            }
            details.put("z3-queries", Integer.toString(queries));
            if (queries > 0) {
                details.put("z3-answers", answers.toString());
                details.put("z3-timeout-seconds", seconds(timeout));
            }
            double[] better = null;
            if (exactPoint != null && level == Certificate.Level.EXACT) {
                better = ExactNumbers.toDoubles(exactPoint);
                details.put("distance-bound", up(Rationals.maxAbsDifference(exactPoint, better)));
                details.put("distance-metric", "linf, from the point (the exact optimum rounded) to the optimum");
            } else if (enclosedPoint != null && level == Certificate.Level.SMT) {
                better = enclosedPoint;
            }
            details.put("certify-seconds", String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - start) * 1e-9));
            if (deadline.bounded()) {
                details.put("certify-budget-seconds", Deadline.seconds(deadline.budget()));
            }
            Certificate out = cert.withLevel(level, details);
            if (better != null) {
                out = new Certificate(out.reference(), out.level(), better, out.value(), out.dualValue(), out.multipliers(),
                        out.residuals(), out.details(), out.margin().orElse(null));
            }
            return new Certified(out, steps);
        }

        private BigFraction[] start(int d) {
            if (w0 == null) {
                return RationalAlgebra.zeros(d);
            }
            Inputs.vector("w0", w0, d);
            return w0.clone();
        }

        /** z_n = y_n x_n exactly. */
        private BigFraction[][] signed() {
            BigFraction[][] x = data.exactX();
            BigFraction[] y = data.exactY();
            BigFraction[][] z = new BigFraction[x.length][];
            for (int n = 0; n < x.length; n++) {
                z[n] = RationalAlgebra.scale(y[n], x[n]);
            }
            return z;
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * The simplest rational that rounds to {@code v}: the simplest in the closed interval between
     * the midpoints to the neighbouring doubles. A value written as {@code "4/3"} or {@code 0.1} in
     * a file comes back as 4/3 or 1/10.
     */
    static BigFraction intended(double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidInputException("parameter", v, "a finite number");
        }
        BigFraction x = ExactNumbers.ofDouble(v);
        BigFraction lo = x.add(ExactNumbers.ofDouble(Math.nextDown(v))).divide(2);
        BigFraction hi = x.add(ExactNumbers.ofDouble(Math.nextUp(v))).divide(2);
        return Rationals.simplestBetween(lo, hi);
    }

    static BigFraction[][] intended(double[][] m) {
        BigFraction[][] out = new BigFraction[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new BigFraction[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = intended(m[i][j]);
            }
        }
        return out;
    }

    private static BigFraction[][] appendOnes(BigFraction[][] x) {
        BigFraction[][] out = Arrays.copyOf(x, x.length + 1);
        BigFraction[] ones = new BigFraction[x[0].length];
        Arrays.fill(ones, BigFraction.ONE);
        out[x.length] = ones;
        return out;
    }

    private static double minOf(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static String status(Proof p) {
        return p.status().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static BigFraction max(BigFraction a, BigFraction b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Three significant digits, rounded up: an upper bound on the exact value. */
    static String up(BigFraction v) {
        return decimal(v, RoundingMode.CEILING, 3);
    }

    private static String decimal(BigFraction v, RoundingMode mode, int digits) {
        if (Rationals.sgn(v) == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v.getNumerator()).divide(new BigDecimal(v.getDenominator()), new MathContext(digits, mode));
        return d.stripTrailingZeros().toString().replace("E", "e");
    }

    private static String join(BigFraction[] w) {
        StringJoiner j = new StringJoiner(", ");
        for (BigFraction v : w) {
            j.add(ExactNumbers.format(v));
        }
        return j.toString();
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }
}
