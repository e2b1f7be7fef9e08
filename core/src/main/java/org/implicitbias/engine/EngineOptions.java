package org.implicitbias.engine;

/**
 * What {@code --engine}, {@code --master} and {@code --threads} / {@code --workers} asked for.
 *
 * @param name    {@code local} or a provider's name (e.g. {@code spark})
 * @param master  the Spark master URL, or null for the engine's default
 * @param workers threads (local) or partitions (Spark); 0 for the engine's default
 */
public record EngineOptions(String name, String master, int workers) {
}
