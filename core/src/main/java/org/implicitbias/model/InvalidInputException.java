package org.implicitbias.model;

/**
 * Bad input from a user: a spec, a problem file or a flag. The message is one line that names the
 * field, the offending value and what was expected; the command line turns it into exit code 2.
 */
public final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field    dotted path of the offending field, e.g. {@code algorithm.step.eta}
     * @param value    the value found (rendered with {@link String#valueOf(Object)})
     * @param expected what would have been accepted, e.g. {@code "a number > 0"}
     */
    public InvalidInputException(String field, Object value, String expected) {
        super(field + ": got " + render(value) + ", expected " + expected);
        this.field = field;
    }

    /** Free-form one-line message for input problems that are not about a single value. */
    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    private static String render(Object value) {
        if (value == null) {
            return "nothing";
        }
        String s = String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
