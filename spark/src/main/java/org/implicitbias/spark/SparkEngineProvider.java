package org.implicitbias.spark;

import org.implicitbias.engine.Engine;
import org.implicitbias.engine.EngineOptions;
import org.implicitbias.engine.EngineProvider;

/** Makes {@code --engine spark} available to the core (listed in {@code META-INF/services}). */
public final class SparkEngineProvider implements EngineProvider {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Engine open(EngineOptions options) {
        return SparkEngine.open(options.master(), options.workers());
    }
}
