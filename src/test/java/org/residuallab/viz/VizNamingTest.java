package org.residuallab.viz;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.internal.chartpart.Chart;

/** viz has one naming rule: charts start at Plots; builders are public XxxPlot; painters are package-private XxxChart. */
class VizNamingTest {

    private static List<Class<?>> vizClasses() throws IOException, ClassNotFoundException {
        List<String> names;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/org/residuallab/viz"))) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).sorted().toList();
        }
        List<Class<?>> out = new java.util.ArrayList<>();
        for (String n : names) out.add(Class.forName("org.residuallab.viz." + n));
        return out;
    }

    @Test
    void everyPublicBuilderIsNamedPlotAndReachableFromPlots() throws Exception {
        Set<Class<?>> fromPlots = Stream.of(Plots.class.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getReturnType).collect(Collectors.toSet());
        for (Class<?> c : vizClasses()) {
            if (!Modifier.isPublic(c.getModifiers()) || c == PlotBuilder.class || !PlotBuilder.class.isAssignableFrom(c)) continue;
            assertTrue(c.getSimpleName().endsWith("Plot"), c.getSimpleName());
            assertTrue(fromPlots.contains(c), c.getSimpleName() + " is not returned by any Plots factory");
        }
    }

    @Test
    void paintersArePackagePrivateAndNamedChart() throws Exception {
        for (Class<?> c : vizClasses()) {
            if (!Chart.class.isAssignableFrom(c)) continue;
            assertFalse(Modifier.isPublic(c.getModifiers()), c.getSimpleName() + " paints a chart: callers see XChart's types");
            assertTrue(c.getSimpleName().endsWith("Chart"), c.getSimpleName());
        }
    }

    @Test
    void everyOtherPublicTypeIsTheFrontDoorOrSharedVocabulary() throws Exception {
        for (Class<?> c : vizClasses()) {
            if (!Modifier.isPublic(c.getModifiers()) || PlotBuilder.class.isAssignableFrom(c)) continue;
            assertTrue(Set.of(Plots.class, Panel.class, Palette.class, Metrics.class).contains(c), c.getSimpleName() + " is public");
        }
    }
}
