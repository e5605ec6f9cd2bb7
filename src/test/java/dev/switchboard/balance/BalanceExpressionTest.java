package dev.switchboard.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The mapping language: paths, numbers, + - * / and parentheses, and what it says when it cannot. */
class BalanceExpressionTest {
    static final JsonNode ANSWER = json("""
            {"data": {"total_credits": 100.5, "total_usage": 25.75, "quota": 2500000, "zero": 0,
                      "name": "acct", "limit": null, "on": true, "weird-name": 4},
             "balance_infos": [{"currency": "CNY", "total_balance": "110.00"}, {"currency": "USD",
                      "total_balance": "7.5"}],
             "list": []}
            """);

    static JsonNode json(String text) {
        try {
            return Mappers.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static BigDecimal eval(String expression) {
        return BalanceExpression.parse(expression).number(ANSWER);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$.data.total_credits | 100.5",
            "$.data.total_credits - $.data.total_usage | 74.75",
            "$.balance_infos[0].total_balance | 110.00",
            "$.balance_infos[-1].total_balance | 7.5",
            "$['data']['weird-name'] | 4",
            "$.data.quota / 500000 | 5",
            "1 + 2 * 3 | 7",
            "(1 + 2) * 3 | 9",
            "10 - 4 - 3 | 3",
            "-$.data.total_usage + 30 | 4.25",
            "- -2 | 2",
            "2 * (3 + (4 - 1)) / 4 | 3",
            "1.5e2 | 150",
            "  $.data.total_credits   *2 | 201.0",
    })
    void evaluates(String expression, String expected) {
        assertEquals(0, new BigDecimal(expected).compareTo(eval(expression)), () -> expression + " = " + eval(expression));
    }

    @Test
    void divisionKeepsSixteenSignificantDigits() {
        assertEquals(new BigDecimal("0.3333333333333333"), eval("1 / 3"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "$.data. | 8 | expected a field name after '.'",
            "$.data.x + | 11 | expected a number, a path",
            "($.a + 1 | 9 | expected ')'",
            "$.a $.b | 5 | expected an operator",
            "* 2 | 1 | expected a number, a path",
            "$.a[x] | 5 | expected an index",
            "$.a[0 | 6 | expected ']'",
            "'USD' + 1 | 1 | can only stand alone",
            "$['open | 3 | never closed",
            "1..2 | 1 | is not a number",
    })
    void refusesWithPositionAndWhatWasExpected(String expression, int position, String says) {
        var e = assertThrows(ExpressionException.class, () -> BalanceExpression.parse(expression));
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertTrue(e.getMessage().contains(expression.strip()), "it quotes the expression: " + e.getMessage());
    }

    @Test
    void emptyExpressionIsRefused() {
        var e = assertThrows(ExpressionException.class, () -> BalanceExpression.parse("  "));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void missingFieldSaysWhereItStoppedAndWhatIsThere() {
        var e = assertThrows(BalanceExpression.ReadException.class, () -> eval("$.data.totalBalance"));
        assertTrue(e.getMessage().startsWith("$.data.totalBalance: $.data has no field 'totalBalance'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("total_credits"), e.getMessage());
    }

    @Test
    void indexPastTheEndSaysHowManyItemsThereAre() {
        var e = assertThrows(BalanceExpression.ReadException.class, () -> eval("$.balance_infos[2].total_balance"));
        assertTrue(e.getMessage().contains("has 2 items"), e.getMessage());
        var empty = assertThrows(BalanceExpression.ReadException.class, () -> eval("$.list[0]"));
        assertTrue(empty.getMessage().contains("empty array"), empty.getMessage());
    }

    @Test
    void nullTextBooleanAndObjectAreNotNumbers() {
        for (var path : new String[] {"$.data.limit", "$.data.name", "$.data.on", "$.data"}) {
            var e = assertThrows(BalanceExpression.ReadException.class, () -> eval(path));
            assertTrue(e.getMessage().contains("not a number"), e.getMessage());
        }
    }

    @Test
    void stepIntoSomethingThatIsNotAnObjectSaysWhatItIs() {
        var e = assertThrows(BalanceExpression.ReadException.class, () -> eval("$.data.name.first"));
        assertTrue(e.getMessage().contains("$.data.name is a text ('acct'), not an object"), e.getMessage());
    }

    @Test
    void divisionByZeroIsAnErrorNotInfinity() {
        var e = assertThrows(BalanceExpression.ReadException.class, () -> eval("1 / $.data.zero"));
        assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    }

    @Test
    void unitIsAPathToATextOrATextInQuotes() {
        assertEquals("CNY", BalanceExpression.parse("$.balance_infos[0].currency").text(ANSWER));
        assertEquals("USD", BalanceExpression.parse("'USD'").text(ANSWER));
        assertEquals("USD", BalanceExpression.parse("\"USD\"").text(ANSWER));
        var e = assertThrows(BalanceExpression.ReadException.class,
                () -> BalanceExpression.parse("$.data.quota * 2").text(ANSWER));
        assertTrue(e.getMessage().contains("computes a number"), e.getMessage());
    }
}
