/**
 * The {@code oracle} command line: {@link org.implicitbias.cli.Main} with one picocli class per
 * subcommand ({@code run}, {@code bench}, ...), shared exit codes ({@link org.implicitbias.cli.ExitCodes})
 * and the benchmark registry ({@link org.implicitbias.cli.Benchmarks}).
 */
package org.implicitbias.cli;
