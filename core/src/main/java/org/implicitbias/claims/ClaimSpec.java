package org.implicitbias.claims;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated spec file: one claim of the catalogue with every run it is checked by.
 *
 * @param id        the claim id (the file's name without {@code .yaml})
 * @param title     one line
 * @param source    where the claim comes from
 * @param expect    what the catalogue says
 * @param file      the spec file
 * @param instances the data sets (literal first, then generated)
 * @param gridSize  number of grid points
 * @param runs      every (instance, grid point) pair, instances outer
 * @param invariantOver the vary paths the limit must not depend on (empty for none)
 * @param search    the search section, or null
 */
public record ClaimSpec(String id, String title, String source, Expectation expect, Path file,
                        List<Instance> instances, int gridSize, List<RunPlan> runs, List<String> invariantOver,
                        SearchSpec search) {
}
