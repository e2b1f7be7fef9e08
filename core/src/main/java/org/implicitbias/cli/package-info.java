/**
 * The {@code oracle} command line: {@link org.implicitbias.cli.Main} with one picocli class per
 * subcommand ({@code run}, {@code bench}, ...) and shared exit codes ({@link org.implicitbias.cli.ExitCodes}); the
 * benchmarks that {@code bench} runs live in {@code org.implicitbias.bench}.
 */
package org.implicitbias.cli;
