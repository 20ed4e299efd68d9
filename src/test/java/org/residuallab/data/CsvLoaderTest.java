package org.residuallab.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("x1,x2,label\n1,2,a\n3,4\n", 3, "expected 3 columns"),
                Arguments.of("x1,x2,label\n1,2,a\n3,oops,b\n", 3, "'oops', which is not a number"),
                Arguments.of("x1,x2,label\n1,2,a\n\n3,4,\n", 4, "missing label"),
                Arguments.of("1,2,0\n1,2,1\n1,,1\n", 3, "missing value in column 2"),
                Arguments.of("1,2,0\n\"1,2,1\n", 2, "never closed"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("brokenFiles")
    void errorsNameTheFileAndTheLine(String text, int line, String what) throws IOException {
        Path p = write("broken.csv", text);
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvLoader.classification().read(p));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(p + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }

    @Test
    void aNonNumericCellNamesItsColumnFromTheHeader() throws IOException {
        Path p = write("h.csv", "width,height,label\n1,2,0\n1,x,1\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvLoader.classification().read(p));
        assertTrue(e.getMessage().contains("column 2 ('height')"), e.getMessage());
    }

    @Test
    void stringLabelsBecomeSortedClassesWithNames() throws IOException {
        Path p = write("iris.csv", "# a comment\nsl,sw,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n\n4.9,3.0,setosa\n6.3,3.3,\"virginica\"\n");
        Dataset d = CsvLoader.classification().labelColumn("species").read(p);
        assertEquals("iris", d.name());
        assertEquals(4, d.size());
        assertEquals(2, d.width());
        assertEquals(3, d.classes());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {0, 1, 0, 2}, d.labels());
        assertEquals(7.0, d.features().getDouble(1, 0), 1e-6);
    }

    @Test
    void labelsThatAreAlreadyClassNumbersAreKept() throws IOException {
        Path p = write("n.csv", "0.5,2,1\n0.1,3,0\n0.2,1,2.0\n");
        Dataset d = CsvLoader.classification().read(p);
        assertNull(d.classNames());
        assertArrayEquals(new int[] {1, 0, 2}, d.labels());
    }

    @Test
    void regressionTakesTheLastColumnsAsTargets() throws IOException {
        Path p = write("r.csv", "a,b,y1,y2\n1,2,3,4\n5,6,7,8\n");
        Dataset d = CsvLoader.regression().targets(2).read(p);
        assertFalse(d.isClassification());
        assertEquals(2, d.width());
        assertEquals(8.0, d.targets().getDouble(1, 1), 1e-6);
    }

    @Test
    void anUnknownLabelColumnIsNamed() throws IOException {
        Path p = write("u.csv", "a,b,c\n1,2,0\n1,2,1\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvLoader.classification().labelColumn("label").read(p));
        assertTrue(e.getMessage().contains("no column named 'label'"), e.getMessage());
    }
}
