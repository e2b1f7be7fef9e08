package org.implicitbias.claims;

/**
 * The {@code search:} section of a spec, the space the counterexample search draws instances from
 * while keeping the claim's preconditions.
 *
 * @param instances how many instances to try
 * @param nMin      fewest examples
 * @param nMax      most examples
 * @param dMin      smallest dimension
 * @param dMax      largest dimension
 * @param integers  entries are integers in [-integers, integers] (0: real entries)
 * @param seconds   wall-clock limit of the search
 * @param seed      seed of the search
 */
public record SearchSpec(int instances, int nMin, int nMax, int dMin, int dMax, int integers, double seconds, long seed) {
}
