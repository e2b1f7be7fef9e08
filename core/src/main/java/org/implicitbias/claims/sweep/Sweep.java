package org.implicitbias.claims.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.engine.Engine;
import org.implicitbias.engine.LocalEngine;
import org.implicitbias.model.InvalidInputException;

/**
 * A sweep: the claim of one spec judged at every cell of a one- or two-dimensional grid of settings
 * ({@link SweepAxis}), each cell's measured gap with its verdict, tolerance, error bound and
 * certificate level. The cells are independent checks ({@link CellCheck}), evaluated by an
 * {@link Engine}; their results come back in cell order, so the table does not depend on the engine.
 *
 * <p>Every cell's spec is built and validated before anything runs: a value the spec format rejects is
 * bad input naming the cell's settings.
 */
public final class Sweep {

    /** Observes a sweep (progress on a terminal). */
    public interface Listener {
        void cells(int done, int total, int confirmed, int refuted, int inconclusive);
    }

    /**
     * What a sweep measured.
     *
     * @param spec    the claim as loaded (without the sweep's values)
     * @param axes    the axes (the first gives the rows of the map, the second its columns)
     * @param cells   every cell, in order (first axis slowest)
     * @param seconds wall time
     */
    public record Result(ClaimSpec spec, List<SweepAxis> axes, List<SweepCell> cells, double seconds) {

        /** Cells with the given verdict. */
        public long count(String verdict) {
            return cells.stream().filter(c -> c.verdict().equals(verdict)).count();
        }
    }

    private final Checker checker;
    private final Engine engine;

    /**
     * @param checker checks the cells when the engine is local (its oracle then serves every cell)
     * @param engine  where the cells are checked
     */
    public Sweep(Checker checker, Engine engine) {
        this.checker = checker;
        this.engine = engine;
    }

    /**
     * Sweeps a spec over one or two axes.
     *
     * @throws InvalidInputException or {@link SpecLoader.SpecException} on bad input, before anything runs
     */
    public Result run(Path specFile, List<SweepAxis> axes, Listener listener) {
        long start = System.nanoTime();
        if (axes.isEmpty() || axes.size() > 2) {
            throw new InvalidInputException("--over", axes.size() + " axes", "one or two --over PATH=VALUES");
        }
        if (axes.size() == 2) {
            for (String p : axes.get(0).paths()) {
                if (axes.get(1).paths().contains(p)) {
                    throw new InvalidInputException("--over", p, "two axes over different paths");
                }
            }
        }
        ClaimSpec spec = SpecLoader.load(specFile);
        String text;
        try {
            text = Files.readString(specFile);
        } catch (IOException e) {
            throw new SpecLoader.SpecException(specFile, "cannot read (" + e.getMessage() + ")", e);
        }
        CellCheck task = new CellCheck(specFile, text, axes, engine instanceof LocalEngine ? checker : null,
                checker.oracle().fixedCertifyBudget().orElse(null));
        int total = task.cells();
        for (int k = 0; k < total; k++) {
            try {
                task.spec(k);
            } catch (SpecLoader.SpecException e) {
                throw new SpecLoader.SpecException(specFile, "at " + setting(axes, k / task.columns(), k % task.columns()) + ": "
                        + e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(specFile.toString()) + ":\\s*", ""), e);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--over", setting(axes, k / task.columns(), k % task.columns()), e.getMessage());
            }
        }
        List<SweepCell> cells = new ArrayList<>(total);
        int[] counts = new int[3];
        int next = 0;
        while (next < total) {
            List<Integer> wave = new ArrayList<>();
            while (wave.size() < Math.max(1, engine.batch()) && next < total) {
                wave.add(next++);
            }
            int cols = task.columns();
            for (SweepCell c : engine.map(wave, task, (k, why) -> SweepCell.failed(k / cols, k % cols, why))) {
                cells.add(c);
                counts[c.verdict().equals("confirmed") ? 0 : c.verdict().equals("refuted") ? 1 : 2]++;
            }
            if (listener != null) {
                listener.cells(cells.size(), total, counts[0], counts[1], counts[2]);
            }
        }
        return new Result(spec, List.copyOf(axes), List.copyOf(cells), (System.nanoTime() - start) / 1e9);
    }

    /** {@code path=value, path=value} of a cell. */
    static String setting(List<SweepAxis> axes, int i, int j) {
        StringBuilder b = new StringBuilder();
        int[] at = {i, j};
        for (int a = 0; a < axes.size(); a++) {
            SweepAxis axis = axes.get(a);
            for (int p = 0; p < axis.paths().size(); p++) {
                b.append(b.length() > 0 ? ", " : "").append(axis.paths().get(p)).append('=').append(axis.values().get(at[a]).get(p));
            }
        }
        return b.toString();
    }

    /**
     * The table as CSV: a header, then one row per cell with both settings (each path of zipped axes),
     * verdict, measure, gap, tolerance, error bound, certificate level, runs and reason. Numbers in
     * {@code %.6g} (empty when not measured); text quoted where it holds a comma or a quote.
     */
    public static String csv(Result r) {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>();
        r.axes().forEach(a -> header.addAll(a.paths()));
        header.addAll(List.of("verdict", "measure", "gap", "tolerance", "error-bound", "certificate-level", "runs", "reason"));
        b.append(String.join(",", header.stream().map(Sweep::quote).toList())).append('\n');
        for (SweepCell c : r.cells()) {
            List<String> row = new ArrayList<>();
            int[] at = {c.i(), c.j()};
            for (int a = 0; a < r.axes().size(); a++) {
                for (String v : r.axes().get(a).values().get(at[a])) {
                    row.add(v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
                }
            }
            row.add(c.verdict());
            row.add(c.measure());
            row.add(number(c.gap()));
            row.add(number(c.tolerance()));
            row.add(number(c.errorBound()));
            row.add(c.level());
            row.add(Integer.toString(c.runs()));
            row.add(c.reason());
            b.append(String.join(",", row.stream().map(Sweep::quote).toList())).append('\n');
        }
        return b.toString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static String quote(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return one.contains(",") || one.contains("\"") ? "\"" + one.replace("\"", "\"\"") + "\"" : one;
    }
}
