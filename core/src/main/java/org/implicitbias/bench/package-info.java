/**
 * The measurements behind {@code oracle bench}: the registry of entries
 * ({@link org.implicitbias.bench.Benchmarks}), the timer ({@link org.implicitbias.bench.BenchTimer}), the
 * gradient-descent passes, reference solves and certificates, searches on each engine, certification
 * against size and the stages of whole checks, each printing figures ({@link org.implicitbias.bench.BenchResult});
 * {@link org.implicitbias.bench.BenchPlot} draws time against problem size. Not used by the checks
 * themselves: the package sits beside {@code cli}, which only parses the command's flags.
 */
package org.implicitbias.bench;
