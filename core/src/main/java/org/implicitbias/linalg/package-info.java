/**
 * Dense floating-point linear algebra shared by the solvers and the judge: the blocked kernels
 * ({@link org.implicitbias.linalg.Dense}: products, Gram matrices, Cholesky and triangular solves,
 * deterministic for every thread count), the rank-revealing pivoted QR
 * ({@link org.implicitbias.linalg.PivotedQr}), affine constraint sets reduced to independent rows
 * ({@link org.implicitbias.linalg.AffineSet}) and non-negative least squares
 * ({@link org.implicitbias.linalg.Nnls}).
 *
 * <p>Layer: above {@code model} (it uses its vector helpers), below {@code oracle} and {@code claims}.
 * Exact and interval arithmetic live with the certificates ({@code oracle.certify}), because every
 * number there is part of a proof.
 */
package org.implicitbias.linalg;
