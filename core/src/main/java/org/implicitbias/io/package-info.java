/**
 * Reading the tool's files: {@link org.implicitbias.io.ProblemReader} turns a problem file (JSON)
 * into a validated {@link org.implicitbias.io.Problem}; {@link org.implicitbias.io.Vocabulary}
 * reads the vocabulary terms (losses, potentials, norms, step rules, algorithms, references,
 * starting points) from any JSON or YAML tree through {@link org.implicitbias.io.Node}, which
 * carries the field path for error messages; {@link org.implicitbias.io.Json} holds the parsing
 * conventions (exact numbers, no duplicate keys) and the output format.
 *
 * <p>Sits above {@code optim} and {@code oracle} (it builds their value types) and below
 * {@code claims} and {@code cli}.
 */
package org.implicitbias.io;
