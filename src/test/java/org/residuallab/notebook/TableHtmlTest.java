package org.residuallab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableHtmlTest {

    private static Table losses(int rows) {
        StringColumn model = StringColumn.create("model");
        IntColumn step = IntColumn.create("step");
        DoubleColumn loss = DoubleColumn.create("loss");
        for (int i = 0; i < rows; i++) {
            model.append(i % 2 == 0 ? "plain" : "residual");
            step.append(i);
            loss.append(1.0 / (i + 3));
        }
        return Table.create("losses", model, step, loss);
    }

    @Test
    void showsOnlyTheFirstRowsAndSaysHowManyThereAre() {
        String html = TableHtml.of(losses(25), 10);
        assertEquals(10, html.split("<tr>", -1).length - 2, "header row + 10 body rows");
        assertTrue(html.contains("losses · 25 rows × 3 columns (first 10 shown)"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">0.3333</td>"), html);
    }

    @Test
    void aShortTableIsShownWhole() {
        String html = TableHtml.of(losses(3));
        assertTrue(html.contains("3 rows × 3 columns</caption>"), html);
        assertFalse(html.contains("shown"));
    }

    @Test
    void escapesTextThatLooksLikeHtml() {
        Table t = Table.create("t", StringColumn.create("layer", new String[] {"<script>&\"'"}));
        assertTrue(TableHtml.of(t).contains("&lt;script&gt;&amp;&quot;&#39;"));
    }

    @Test
    void rejectsANegativeRowCount() {
        assertThrows(IllegalArgumentException.class, () -> TableHtml.of(losses(1), -1));
    }

    @ParameterizedTest
    @CsvSource({"0.333333, 0.3333", "1234.5678, 1235", "0.00001234, 1.234e-05", "0, 0", "-2.5, -2.5", "12345678, 1.235e+07", "NaN, NaN"})
    void formatsNumbersWithFourSignificantDigits(double value, String expected) {
        assertEquals(expected, TableHtml.format(value));
    }
}
