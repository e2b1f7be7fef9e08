package org.implicitbias.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast reading of X (doubles from the token stream, rationals later) against the exact reading of
 * the same text: the same doubles bit for bit, the same rationals, and the exact reading's messages for
 * anything the fast path does not take.
 */
class FastMatrixReaderTest {

    private static String problem(String x, int n) {
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < n; i++) {
            y.append(i == 0 ? "" : ", ").append(i % 2 == 0 ? "1" : "-1");
        }
        return "{\"X\": " + x + ", \"y\": [" + y + "], \"reference\": {\"kind\": \"max-margin\", \"norm\": \"l2\"}}";
    }

    @Test
    void theFastPathGivesTheExactReadingsDoublesAndRationals(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        int n = 6;
        int d = 9;
        StringBuilder x = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            x.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < d; j++) {
                String v = switch ((i * d + j) % 6) {
                    case 0 -> Double.toString(r.nextDouble() * 10 - 5);          // shortest repr, 17 digits
                    case 1 -> "0.12345678901234567891234";                         // more digits than a double
                    case 2 -> Long.toString(r.nextLong(-1000, 1000));               // integers
                    case 3 -> "-0";                                                 // the rational 0
                    case 4 -> "1.0000000000000000000321e-9";                       // near the smallest accepted magnitude
                    default -> "100000000.00000001";                                // between two doubles: rounds
                };
                x.append(j == 0 ? "" : ", ").append(v);
            }
            x.append(']');
        }
        x.append(']');
        String text = problem(x.toString(), n);
        assertThat(FastMatrixReader.read(text)).isNotNull();
        Path file = Files.writeString(dir.resolve("p.json"), text);
        Problem fast = ProblemReader.read(file);
        Problem exact = ProblemReader.parse(text, "p.json");
        double[] a = fast.data().rowMajor();
        double[] b = exact.data().rowMajor();
        for (int k = 0; k < a.length; k++) {
            assertThat(Double.doubleToRawLongBits(a[k])).as("entry %d", k).isEqualTo(Double.doubleToRawLongBits(b[k]));
        }
        BigFraction[][] fx = fast.data().exactX();
        BigFraction[][] ex = exact.data().exactX();
        for (int i = 0; i < n; i++) {
            assertThat(fx[i]).containsExactly(ex[i]);
        }
        assertThat(fx[0][1]).isEqualTo(ExactNumbers.ofDecimal(new BigDecimal("0.12345678901234567891234")));
    }

    @Test
    void whatTheFastPathDoesNotTakeIsReadTheExactWayWithItsMessages(@TempDir Path dir) throws Exception {
        String fraction = problem("[[\"1/3\", 1], [2, 3]]", 2);
        assertThat(FastMatrixReader.read(fraction)).isNull();
        Problem p = ProblemReader.read(Files.writeString(dir.resolve("f.json"), fraction));
        assertThat(p.data().exactX()[0][0]).isEqualTo(new BigFraction(1, 3));

        // an underflow to 0 is read the exact way and refused there (below the accepted magnitudes), as are the others
        for (String x : new String[] {"[[1e-500, 1], [2, 3]]", "[[1e400, 1], [2, 3]]", "[[1e-2000, 1], [2, 3]]",
            "[[1, 2], [3]]", "[]"}) {
            String text = problem(x, 2);
            assertThat(FastMatrixReader.read(text)).as(x).isNull();
            Path file = Files.writeString(dir.resolve("bad.json"), text);
            String viaFile = outcome(() -> ProblemReader.read(file));
            String viaText = outcome(() -> ProblemReader.parse(text, file.toString()));
            assertThat(viaFile).as(x).isEqualTo(viaText);
            assertThat(viaFile).as(x).startsWith("error");
        }
        String duplicate = "{\"X\": [[1]], \"X\": [[2]], \"y\": [1]}";
        assertThat(FastMatrixReader.read(duplicate)).isNull();
        Path dup = Files.writeString(dir.resolve("dup.json"), duplicate);
        assertThatThrownBy(() -> ProblemReader.read(dup)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("duplicate key 'X'");
    }

    /** The data read ({@code X = ...}) or the error. */
    private static String outcome(java.util.function.Supplier<Problem> read) {
        try {
            Problem p = read.get();
            return "X = " + java.util.Arrays.toString(p.data().rowMajor()) + " exactly "
                    + java.util.Arrays.deepToString(p.data().exactX());
        } catch (InvalidInputException e) {
            return "error " + e.getMessage();
        }
    }

    @Test
    void exactToDoubleIsTheNearestDoubleLikeParsingTheDecimal() {
        SplittableRandom r = new SplittableRandom(11);
        for (int k = 0; k < 3000; k++) {
            // 17 to 25 significant digits, exponents across the normal range and into the subnormal one
            StringBuilder digits = new StringBuilder().append(1 + r.nextInt(9));
            int len = 16 + r.nextInt(9);
            for (int i = 0; i < len; i++) {
                digits.append(r.nextInt(10));
            }
            String text = (r.nextBoolean() ? "-" : "") + digits + "e" + (r.nextInt(650) - 340);
            BigFraction exact = ExactNumbers.ofDecimal(new BigDecimal(text));
            assertThat(ExactNumbers.toDouble(exact)).as(text).isEqualTo(Double.parseDouble(text));
        }
        assertThat(ExactNumbers.toDouble(new BigFraction(1, 3))).isEqualTo(1.0 / 3);
        assertThat(ExactNumbers.toDouble(new BigFraction(-7))).isEqualTo(-7.0);
    }

    @Test
    void onlyPlainUtf8IsReadTheFastWay() {
        String text = problem("[[1, 2], [3, 4]]", 2);
        assertThat(FastMatrixReader.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNotNull();
        assertThat(FastMatrixReader.read(("  \n" + text).getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNotNull();
        // the exact reading decodes UTF-8 and keeps a byte-order mark; these go its way, with its messages
        assertThat(FastMatrixReader.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_16LE))).isNull();
        assertThat(FastMatrixReader.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_16BE))).isNull();
        assertThat(FastMatrixReader.read(("\uFEFF" + text).getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNull();
    }
}
