package org.implicitbias.claims;

import org.implicitbias.model.Dataset;

/**
 * One data set a claim is checked on.
 *
 * @param index position among the claim's instances (literal ones first)
 * @param label how the report names it, e.g. {@code literal[0]} or {@code separable[3] seed 21}
 * @param data  the validated data (matrix problems: rows are the flattened symmetric {@code X_n})
 * @param size  for matrix problems the side m of {@code X_n} (d = m^2), else 0
 * @param seed  the seed the instance was generated from (0 for literal instances)
 */
public record Instance(int index, String label, Dataset data, int size, long seed) {
}
