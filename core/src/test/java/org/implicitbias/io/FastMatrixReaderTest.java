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

    @Test
    void theScannerTakesAnyLayoutOfValidJsonAndLeavesEverythingElseToTheExactReading(@TempDir Path dir)
            throws Exception {
        // X after other keys, white space of every kind, exponents, and a description whose string holds
        // escaped quotes and brackets
        String text = "\r\n{ \"description\" : \"a \\\"quoted\\\" ] and [ {\",\n\t\"y\":[1,-1],"
                + "\"reference\": {\"kind\": \"max-margin\", \"norm\": \"l2\"},\n"
                + "  \"X\" :\t[ [ 1.5e3 ,-2E-2,0.0 ] ,\r\n [-0, 3e+0, 123456789.01234567890 ] ]\n}\n";
        FastMatrixReader.Result r = FastMatrixReader.read(text);
        assertThat(r).isNotNull();
        assertThat(r.n()).isEqualTo(2);
        assertThat(r.d()).isEqualTo(3);
        assertThat(r.x()).containsExactly(1500.0, -0.02, 0.0, 0.0, 3.0, 123456789.01234567890);
        assertThat(Double.doubleToRawLongBits(r.x()[3])).isZero(); // -0 is the rational 0
        assertThat(r.rest().get("description").asText()).isEqualTo("a \"quoted\" ] and [ {");
        Problem fast = ProblemReader.read(Files.writeString(dir.resolve("layout.json"), text));
        Problem exact = ProblemReader.parse(text, "layout.json");
        assertThat(fast.data().rowMajor()).containsExactly(exact.data().rowMajor());
        assertThat(fast.data().y()).containsExactly(exact.data().y());

        // not JSON numbers, not a matrix, not one object, or not plain: the exact reading decides
        String[] slow = {
            problem("[[1., 2]]", 1), problem("[[.5, 2]]", 1), problem("[[+1, 2]]", 1), problem("[[01, 2]]", 1),
            problem("[[1e, 2]]", 1), problem("[[NaN, 2]]", 1), problem("[[1.5.2, 2]]", 1), problem("[[1, 2],]", 1),
            problem("[[1, 2,]]", 1), problem("[[]]", 1), problem("[[1, 2] [3, 4]]", 2), problem("[1, 2]", 1),
            problem("[[true, 2]]", 1), problem("[[1, 2]]", 1) + " {}", problem("[[1, 2]]", 1).replace("}}", "}"),
            "{\"y\": [1], \"reference\": {\"kind\": \"max-margin\", \"norm\": \"l2\"}}",
            "{\"X\": [[1]], \"y\": [1], \"X\\u0073\": [[[1]]]}", "{\"X\": [[1]], \"y\": [1,]}",
            "{\"X\": [[1]], \"y\": [1], \"reference\": {\"kind\": \"max-margin\" \"norm\": \"l2\"}}",
        };
        for (String t : slow) {
            assertThat(FastMatrixReader.read(t)).as(t).isNull();
        }
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

    /** An n x d X of shortest-repr doubles, negative numbers, integers and exponents, and its values. */
    private static String largeMatrix(int n, int d, long seed, double[] values) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder x = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            x.append(i == 0 ? "[" : ",\n [");
            for (int j = 0; j < d; j++) {
                String v = switch ((i + j) % 4) {
                    case 0 -> Double.toString(r.nextDouble() * 10 - 5);
                    case 1 -> Long.toString(r.nextLong(-100_000, 100_000));
                    case 2 -> r.nextInt(1, 1000) + "." + r.nextInt(0, 1000) + "e-" + r.nextInt(1, 40);
                    default -> "-" + r.nextInt(0, 10) + "." + r.nextLong(0, 1_000_000_000_000L);
                };
                values[i * d + j] = Double.parseDouble(v);
                x.append(j == 0 ? "" : ", ").append(v);
            }
            x.append(']');
        }
        return x.append(']').toString();
    }

    @Test
    void aLargeXIsReadByTwoThreadsToTheSameDoubles() {
        int n = 300;
        int d = 500;
        double[] values = new double[n * d];
        String text = problem(largeMatrix(n, d, 13, values), n);
        assertThat(text.length()).isGreaterThan(FastMatrixReader.PARALLEL_BYTES);
        FastMatrixReader.Result fast = FastMatrixReader.read(text);
        assertThat(fast).isNotNull();
        assertThat(fast.n()).isEqualTo(n);
        assertThat(fast.d()).isEqualTo(d);
        for (int k = 0; k < values.length; k++) {
            // -0 is read as +0, the double of the rational 0
            double expected = values[k] == 0 ? 0.0 : values[k];
            assertThat(Double.doubleToRawLongBits(fast.x()[k])).as("entry %d", k)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
        assertThat(fast.rest().get("y").size()).isEqualTo(n);
    }

    @Test
    void aMiddleThatFallsPastXLeavesXToTheFirstThread() {
        // X is small and a larger array of rows follows it: the second thread's guess lands in "Z", and X
        // is still read whole by the first
        int n = 20;
        int d = 30;
        double[] values = new double[n * d];
        double[] others = new double[400 * 600];
        String x = largeMatrix(n, d, 17, values);
        String text = "{\"X\": " + x + ", \"Z\": " + largeMatrix(400, 600, 19, others) + ", \"y\": [1]}";
        assertThat(text.length()).isGreaterThan(FastMatrixReader.PARALLEL_BYTES);
        FastMatrixReader.Result fast = FastMatrixReader.read(text);
        assertThat(fast).isNotNull();
        assertThat(fast.n()).isEqualTo(n);
        assertThat(fast.x()).containsExactly(values);
        assertThat(fast.rest().get("Z").size()).isEqualTo(400);
    }

    @Test
    void aBadNumberOrRaggedRowInTheSecondHalfSendsTheFileTheExactWay() {
        int n = 300;
        int d = 500;
        double[] values = new double[n * d];
        String x = largeMatrix(n, d, 23, values);
        int late = x.lastIndexOf(", ", x.length() - 100);
        assertThat(late).isGreaterThan(x.length() * 3 / 4);
        String badNumber = x.substring(0, late) + ", 1.e5" + x.substring(late);
        String lastRowLonger = x.substring(0, x.length() - 2) + ", 7]]";
        String emptyLastRow = x.substring(0, x.length() - 1) + ", []]";
        for (String bad : new String[] {badNumber, lastRowLonger, emptyLastRow}) {
            assertThat(bad.length()).isGreaterThan(FastMatrixReader.PARALLEL_BYTES);
            assertThat(FastMatrixReader.read(problem(bad, n))).isNull();
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
