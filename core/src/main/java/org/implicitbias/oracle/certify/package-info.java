/**
 * Certification of reference solutions: proofs that a numerically found candidate solution of a
 * convex program is, or lies within a proven small box of, the true optimum.
 *
 * <p>Everything here works on plain inputs (exact data as {@code BigFraction} arrays, candidates
 * as {@code double[]}) and returns a {@link org.implicitbias.oracle.certify.Proof}: status PROVED,
 * REFUTED or UNKNOWN (with the reason), level EXACT, SMT or BOUNDED, the exact witnesses, the
 * proven distance bound and every SMT query that was decided. A floating-point candidate is only
 * ever a guess: every claim rests on exact rational arithmetic or on a Z3 decision.
 *
 * <p>Levels and programs:
 * <ul>
 *   <li>EXACT, rationals only (Z3 on linear real arithmetic as a cross-check or exact decision):
 *       quadratic potentials and the l2 distance ({@link org.implicitbias.oracle.certify.QuadraticCertificates}),
 *       l1 / l_inf minimum norm and maximum margin as linear programs with vertex reconstruction,
 *       uniqueness of the maximiser and Lemma 10 on data
 *       ({@link org.implicitbias.oracle.certify.PolyhedralCertificates}, {@link org.implicitbias.oracle.certify.ExactLinearProgram}),
 *       the l2 / quadratic-norm hard margin on its support set ({@link org.implicitbias.oracle.certify.MarginCertificates}),
 *       the entropy minimiser when it is rational ({@link org.implicitbias.oracle.certify.EntropyCertificates#exact}),
 *       and positive semidefiniteness by exact LDL' ({@link org.implicitbias.oracle.certify.PsdCertificate},
 *       {@link org.implicitbias.oracle.certify.NuclearCertificates#feasible}).</li>
 *   <li>SMT, Z3's nonlinear real arithmetic: an exact KKT point exists in a box around the
 *       candidate, for the entropy ({@link org.implicitbias.oracle.certify.EntropyCertificates#box}) and for
 *       l_p programs with rational p ({@link org.implicitbias.oracle.certify.PowerCertificates}); strict
 *       convexity makes that point the minimiser. When nlsat stalls on the box query, a
 *       Poincaré–Miranda argument whose face conditions Z3 decides takes over.</li>
 *   <li>BOUNDED: for every smooth program (entropy, hypentropy, lp-power and squared-lp
 *       potentials, lp norms), a proven feasibility correction, the stationarity residual in
 *       interval arithmetic and a curvature bound ({@link org.implicitbias.oracle.certify.SmoothCertificates},
 *       {@link org.implicitbias.oracle.certify.Enclosure}, {@link org.implicitbias.oracle.certify.RowRankBound});
 *       rigorous primal and dual values and the distance bound of strong convexity
 *       ({@link org.implicitbias.oracle.certify.QuadraticCertificates#bounded},
 *       {@link org.implicitbias.oracle.certify.MarginCertificates#bounded}), margin intervals
 *       ({@link org.implicitbias.oracle.certify.PolyhedralCertificates#marginBounds},
 *       {@link org.implicitbias.oracle.certify.NuclearCertificates#marginBounds}).</li>
 * </ul>
 *
 * <p>Z3 runs inside a {@link org.implicitbias.oracle.certify.Z3Session} (one context, one thread,
 * closed once, a timeout on every query, unknown kept unknown). Queries are strict SMT-LIB 2.6
 * text ({@link org.implicitbias.oracle.certify.SmtQuery}); the very text Z3 decides is what
 * {@link org.implicitbias.oracle.certify.Proof#writeSmtLib} writes, for re-checking with the z3 or
 * cvc5 command-line solvers.
 */
package org.implicitbias.oracle.certify;
