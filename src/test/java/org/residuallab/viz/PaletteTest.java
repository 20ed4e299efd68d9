package org.residuallab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.Color;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.residuallab.nn.BlockKind;

class PaletteTest {

    @ParameterizedTest
    @CsvSource({
        "plain-sigmoid-d20, PLAIN", "residual-sigmoid-d20, RESIDUAL", "ResNet-56, RESIDUAL", "res_20, RESIDUAL",
        "Plain20, PLAIN", "my-model, ''", "plain-vs-residual, ''", "resolution-net, ''"})
    void modelNameAnnouncesItsBlockKind(String name, String kind) {
        Optional<BlockKind> expected = kind.isEmpty() ? Optional.empty() : Optional.of(BlockKind.valueOf(kind));
        assertEquals(expected, Palette.kindOf(name));
    }

    @Test
    void plainAndResidualHaveFixedDistinctColours() {
        assertEquals(Palette.PLAIN, Palette.colorOf("plain-tanh-d5"));
        assertEquals(Palette.RESIDUAL, Palette.colorOf("residual-tanh-d5"));
        assertNotEquals(Palette.PLAIN, Palette.RESIDUAL);
        assertNull(Palette.colorOf("baseline"));
        for (int i = 0; i < Palette.OTHERS.length; i++) {
            assertNotEquals(Palette.PLAIN, Palette.other(i));
            assertNotEquals(Palette.RESIDUAL, Palette.other(i));
        }
    }

    @Test
    void secondModelOfTheSameKindKeepsTheColourButChangesTheDash() {
        Map<String, SeriesLook> looks = SeriesLook.assign(List.of("plain-relu-d8", "plain-tanh-d8", "residual-relu-d8", "other"));
        assertEquals(Palette.PLAIN, looks.get("plain-relu-d8").color);
        assertEquals(Palette.PLAIN, looks.get("plain-tanh-d8").color);
        assertNotEquals(looks.get("plain-relu-d8").stroke, looks.get("plain-tanh-d8").stroke);
        assertEquals(Palette.RESIDUAL, looks.get("residual-relu-d8").color);
        assertEquals(Palette.other(0), looks.get("other").color);
    }

    @Test
    void declaredKindOverridesTheName() {
        Map<String, SeriesLook> looks = SeriesLook.assign(List.of("net-a"), Map.of("net-a", BlockKind.RESIDUAL));
        assertEquals(Palette.RESIDUAL, looks.get("net-a").color);
    }

    @Test
    void viridisRunsFromPurpleToYellow() {
        assertEquals(new Color(0x440154), Palette.viridis(0));
        assertEquals(new Color(0xFDE725), Palette.viridis(1));
        assertEquals(Palette.viridis(0), Palette.viridis(-3));
    }
}
