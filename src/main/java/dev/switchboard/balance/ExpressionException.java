package dev.switchboard.balance;

/**
 * A balance expression that cannot be parsed: where (1-based, as a person counts characters) and what was expected
 * there. Its message quotes the expression, which holds no secret (it is a path and numbers).
 */
public final class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String expression;
    private final int position;
    private final String reason;

    public ExpressionException(String expression, int position, String reason) {
        super("at position " + position + " of '" + expression + "': " + reason + ".");
        this.expression = expression;
        this.position = position;
        this.reason = reason;
    }

    public String expression() {
        return expression;
    }

    /** 1-based. */
    public int position() {
        return position;
    }

    public String reason() {
        return reason;
    }
}
