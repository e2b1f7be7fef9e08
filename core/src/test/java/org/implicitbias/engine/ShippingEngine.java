package org.implicitbias.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An engine that ships its tasks as a cluster engine does: each task is serialized and read back
 * before it runs, so it runs without anything the caller's process held in transient fields. The copies
 * that ran are kept for inspection.
 */
public final class ShippingEngine implements Engine {
    private final List<Task<?, ?>> shipped = new ArrayList<>();

    /** The deserialized copies of the tasks, one per {@link #map}. */
    public List<Task<?, ?>> shipped() {
        return shipped;
    }

    @Override
    public String name() {
        return "shipping";
    }

    @Override
    public int workers() {
        return 1;
    }

    @Override
    public String describe() {
        return "shipping test engine";
    }

    @Override
    public <T extends Serializable, R extends Serializable> List<R> map(List<T> inputs, Task<T, R> task, Failed<T, R> failed) {
        Task<T, R> copy = roundTrip(task);
        shipped.add(copy);
        List<R> out = new ArrayList<>();
        for (T in : inputs) {
            try {
                out.add(copy.apply(in));
            } catch (Exception e) {
                out.add(failed.apply(in, String.valueOf(e)));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <X> X roundTrip(X object) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
                o.writeObject(object);
            }
            try (ObjectInputStream i = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (X) i.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
    }
}
