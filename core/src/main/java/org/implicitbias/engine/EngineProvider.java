package org.implicitbias.engine;

/**
 * Service interface of engines other than {@code local}, listed in
 * {@code META-INF/services/org.implicitbias.engine.EngineProvider} of the module that brings them (the
 * core itself does not depend on Spark).
 */
public interface EngineProvider {

    /** The name {@code --engine} selects this provider by. */
    String name();

    /**
     * Starts an engine.
     *
     * @throws org.implicitbias.model.InvalidInputException when the options are bad (a malformed or
     *                                                      unreachable master)
     */
    Engine open(EngineOptions options);
}
