package dev.switchboard.balance;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * One mapping of a balance query: where in a provider's JSON answer a number (or a unit) is, and how to compute
 * with it. A small language of its own, parsed once when the query is saved, so that a typo is refused then and
 * not found at the first check:
 * <pre>
 * expression := sum
 * sum        := product (('+' | '-') product)*
 * product    := unary (('*' | '/') unary)*
 * unary      := '-' unary | primary
 * primary    := number | path | '(' sum ')' | text
 * path       := '$' ( '.' name | '[' index ']' | '[' text ']' )*
 * index      := digits | '-' digits              (-1 is the last item)
 * text       := 'single-quoted' | "double-quoted" (only alone: a unit such as 'USD')
 * </pre>
 * {@code $} is the whole answer; {@code $.balance_infos[0].total_balance} a field of its first item;
 * {@code $['total-balance']} a field whose name a dot cannot carry (a dot name is letters, digits and {@code _},
 * so that {@code $.a-$.b} is a subtraction). Examples: {@code $.data.total_credits - $.data.total_usage},
 * {@code ($.data.quota + $.data.used_quota) / 500000}.
 *
 * <p>Decisions:
 * <ul>
 *   <li>Numbers are exact ({@link BigDecimal}); a division keeps 16 significant digits. Providers send money as
 *       JSON numbers or as numeric strings (DeepSeek's {@code "110.00"}): both are numbers here.</li>
 *   <li>A path that does not lead to a number is an error that says where it stopped and what was there, never a
 *       zero: a balance read wrongly must not look like an empty account.</li>
 *   <li>No wildcards or filters ({@code [*]}, {@code [?()]}): a balance is one value, and an expression that could
 *       match several would have to pick one silently.</li>
 * </ul>
 */
public final class BalanceExpression {
    private static final MathContext DIVISION = MathContext.DECIMAL64;

    private final String source;
    private final Node root;

    private BalanceExpression(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    /**
     * Parses {@code text}.
     *
     * @throws ExpressionException saying at which position what was expected
     */
    public static BalanceExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ExpressionException(text == null ? "" : text, 1, "the expression is empty: give a path such as"
                    + " $.data.balance, a number, or a sum of them");
        }
        var parser = new Parser(text);
        var node = parser.sum();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.error("expected an operator (+ - * /) or the end");
        }
        requireTextAlone(text, node, true);
        return new BalanceExpression(text.strip(), node);
    }

    /** The expression as written (stripped). */
    public String source() {
        return source;
    }

    /** Whether it is a text in quotes and nothing else ({@code 'USD'}). */
    public boolean isText() {
        return root instanceof Text;
    }

    /**
     * Its value as a number in {@code answer}.
     *
     * @throws ReadException naming the path that led nowhere or to no number, or a division by zero
     */
    public BigDecimal number(JsonNode answer) {
        return number(root, answer);
    }

    /**
     * Its value as text, for a unit: a text in quotes, or a path to a string (or a number, written out).
     *
     * @throws ReadException when the path leads nowhere, or the expression computes a number
     */
    public String text(JsonNode answer) {
        if (root instanceof Text t) {
            return t.value;
        }
        if (root instanceof Path p) {
            var node = p.find(answer);
            if (node.isTextual() || node.isNumber()) {
                return node.asText();
            }
            throw new ReadException(p.source + " is " + kind(node) + ", not a text");
        }
        throw new ReadException("'" + source + "' computes a number; a unit is a path to a text or a text in quotes"
                + " such as 'USD'");
    }

    /** The node a bare path leads to, for values that are neither numbers nor units (a time); null if not a path. */
    JsonNode node(JsonNode answer) {
        return root instanceof Path p ? p.find(answer) : null;
    }

    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BalanceExpression e && e.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    private static BigDecimal number(Node node, JsonNode answer) {
        if (node instanceof Num n) {
            return n.value;
        }
        if (node instanceof Text t) {
            throw new ReadException("'" + t.value + "' is a text, not a number");
        }
        if (node instanceof Neg n) {
            return number(n.operand, answer).negate();
        }
        if (node instanceof Path p) {
            return p.number(answer);
        }
        var b = (Binary) node;
        var l = number(b.left, answer);
        var r = number(b.right, answer);
        return switch (b.op) {
            case '+' -> l.add(r);
            case '-' -> l.subtract(r);
            case '*' -> l.multiply(r);
            default -> {
                if (r.signum() == 0) {
                    throw new ReadException("division by zero: " + b.right.describe() + " is 0");
                }
                yield l.divide(r, DIVISION);
            }
        };
    }

    /** A text may only be the whole expression: {@code 'USD' + 1} means nothing. */
    private static void requireTextAlone(String source, Node node, boolean top) {
        if (node instanceof Text t && !top) {
            throw new ExpressionException(source, t.position, "a text in quotes can only stand alone (a unit such"
                    + " as 'USD'), not in a calculation");
        }
        if (node instanceof Neg n) {
            requireTextAlone(source, n.operand, false);
        }
        if (node instanceof Binary b) {
            requireTextAlone(source, b.left, false);
            requireTextAlone(source, b.right, false);
        }
    }

    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isBoolean()) {
            return "a boolean (" + node.asText() + ")";
        }
        if (node.isNumber()) {
            return "a number";
        }
        return "a text ('" + cut(node.asText()) + "')";
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** Why an expression could not be read in an answer: said in words, never taken for a zero. */
    public static final class ReadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ReadException(String message) {
            super(message);
        }
    }

    private sealed interface Node permits Num, Text, Neg, Binary, Path {
        String describe();
    }

    private record Num(BigDecimal value) implements Node {
        @Override
        public String describe() {
            return value.toPlainString();
        }
    }

    private record Text(String value, int position) implements Node {
        @Override
        public String describe() {
            return "'" + value + "'";
        }
    }

    private record Neg(Node operand) implements Node {
        @Override
        public String describe() {
            return "-" + operand.describe();
        }
    }

    private record Binary(char op, Node left, Node right) implements Node {
        @Override
        public String describe() {
            return "(" + left.describe() + " " + op + " " + right.describe() + ")";
        }
    }

    /** One step of a path: a field by name, or an item by index (negative from the end). */
    private record Step(String field, int index) {
        String shown() {
            if (field == null) {
                return "[" + index + "]";
            }
            return field.matches("[\\p{L}_][\\p{L}\\p{N}_]*") ? "." + field : "['" + field + "']";
        }
    }

    private record Path(String source, List<Step> steps) implements Node {
        @Override
        public String describe() {
            return source;
        }

        JsonNode find(JsonNode answer) {
            var at = new StringBuilder("$");
            var node = answer;
            for (var step : steps) {
                var here = at.toString();
                at.append(step.shown());
                if (step.field != null) {
                    if (!node.isObject()) {
                        throw new ReadException(at + ": " + here + " is " + kind(node) + ", not an object");
                    }
                    var next = node.get(step.field);
                    if (next == null) {
                        var names = new ArrayList<String>();
                        node.fieldNames().forEachRemaining(names::add);
                        throw new ReadException(at + ": " + here + " has no field '" + step.field + "'"
                                + (names.isEmpty() ? " (it is empty)" : " (its fields: " + fields(names) + ")"));
                    }
                    node = next;
                } else {
                    if (!node.isArray()) {
                        throw new ReadException(at + ": " + here + " is " + kind(node) + ", not an array");
                    }
                    int i = step.index < 0 ? node.size() + step.index : step.index;
                    if (i < 0 || i >= node.size()) {
                        throw new ReadException(at + ": " + here + (node.isEmpty() ? " is an empty array"
                                : " has " + node.size() + (node.size() == 1 ? " item" : " items")));
                    }
                    node = node.get(i);
                }
            }
            return node;
        }

        BigDecimal number(JsonNode answer) {
            var node = find(answer);
            if (node.isNumber()) {
                return node.decimalValue();
            }
            if (node.isTextual()) {
                try {
                    return new BigDecimal(node.asText().strip());
                } catch (NumberFormatException e) {
                    // said below
                }
            }
            throw new ReadException(source + " is " + kind(node) + ", not a number");
        }

        private static String fields(List<String> names) {
            return names.size() > 12 ? String.join(", ", names.subList(0, 12)) + ", …" : String.join(", ", names);
        }
    }

    /** A recursive-descent parser over the text; positions are 1-based, as a person counts. */
    private static final class Parser {
        private final String text;
        private int i;

        Parser(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return i >= text.length();
        }

        void skipSpaces() {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
        }

        ExpressionException error(String expected) {
            var found = atEnd() ? "the end" : "'" + text.charAt(i) + "'";
            return new ExpressionException(text, i + 1, expected + ", but found " + found);
        }

        Node sum() {
            var left = product();
            while (true) {
                skipSpaces();
                if (atEnd() || (text.charAt(i) != '+' && text.charAt(i) != '-')) {
                    return left;
                }
                char op = text.charAt(i++);
                left = new Binary(op, left, product());
            }
        }

        Node product() {
            var left = unary();
            while (true) {
                skipSpaces();
                if (atEnd() || (text.charAt(i) != '*' && text.charAt(i) != '/')) {
                    return left;
                }
                char op = text.charAt(i++);
                left = new Binary(op, left, unary());
            }
        }

        Node unary() {
            skipSpaces();
            if (!atEnd() && text.charAt(i) == '-') {
                i++;
                return new Neg(unary());
            }
            return primary();
        }

        Node primary() {
            skipSpaces();
            if (atEnd()) {
                throw error("expected a number, a path ($…) or '('");
            }
            char c = text.charAt(i);
            if (c == '(') {
                i++;
                var inner = sum();
                skipSpaces();
                if (atEnd() || text.charAt(i) != ')') {
                    throw error("expected ')'");
                }
                i++;
                return inner;
            }
            if (c == '$') {
                return path();
            }
            if (c == '\'' || c == '"') {
                int at = i + 1;
                return new Text(quoted(), at);
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            throw error("expected a number, a path ($…) or '('");
        }

        private Node number() {
            int start = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                int mark = i++;
                if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                    i++;
                }
                if (i >= text.length() || !Character.isDigit(text.charAt(i))) {
                    i = mark; // not an exponent after all; the parser says what follows is unexpected
                } else {
                    while (i < text.length() && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                }
            }
            var literal = text.substring(start, i);
            try {
                return new Num(new BigDecimal(literal));
            } catch (NumberFormatException e) {
                throw new ExpressionException(text, start + 1, "'" + literal + "' is not a number");
            }
        }

        private Node path() {
            int start = i;
            i++; // '$'
            var steps = new ArrayList<Step>();
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '.') {
                    i++;
                    int nameStart = i;
                    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                        i++;
                    }
                    if (i == nameStart) {
                        throw error("expected a field name after '.' (letters, digits, _; other names go in"
                                + " brackets: $['a-b'])");
                    }
                    steps.add(new Step(text.substring(nameStart, i), 0));
                } else if (c == '[') {
                    i++;
                    skipSpaces();
                    if (i < text.length() && (text.charAt(i) == '\'' || text.charAt(i) == '"')) {
                        steps.add(new Step(quoted(), 0));
                    } else {
                        steps.add(new Step(null, index()));
                    }
                    skipSpaces();
                    if (atEnd() || text.charAt(i) != ']') {
                        throw error("expected ']'");
                    }
                    i++;
                } else {
                    break;
                }
            }
            return new Path(text.substring(start, i), List.copyOf(steps));
        }

        private int index() {
            int start = i;
            if (i < text.length() && text.charAt(i) == '-') {
                i++;
            }
            int digits = i;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (i == digits) {
                i = start;
                throw error("expected an index (0 = first, -1 = last) or a quoted field name");
            }
            if (i - digits > 6) {
                throw new ExpressionException(text, start + 1, "the index " + text.substring(start, i)
                        + " is too large");
            }
            return Integer.parseInt(text.substring(start, i));
        }

        private String quoted() {
            char quote = text.charAt(i);
            int open = i;
            i++;
            var out = new StringBuilder();
            while (i < text.length() && text.charAt(i) != quote) {
                if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                    i++;
                }
                out.append(text.charAt(i++));
            }
            if (atEnd()) {
                throw new ExpressionException(text, open + 1, "this " + quote + " is never closed");
            }
            i++;
            return out.toString();
        }
    }
}
